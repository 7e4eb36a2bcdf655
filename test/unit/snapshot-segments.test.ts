// Wizer's data segment rules: non-zero runs per page, merged across gaps of at most 4 bytes, capped
// at 10,000 segments by merging across the smallest gaps.
import { describe, expect, test } from 'vitest';
import { constExpr } from '../../src/snapshot/v8/capture.js';
import { capSegments, mergeRuns, nonZeroRuns, type Run } from '../../src/snapshot/v8/segments.js';

const run = (start: number, end: number, memory = 0): Run => ({ memory, start, end });

describe('non-zero runs', () => {
  test('found per page: a run across a page boundary is two runs', () => {
    const bytes = new Uint8Array(32);
    bytes.set([1, 2, 3], 6); // 6..9 crosses the page boundary at 8
    bytes[20] = 5;
    bytes[31] = 7;
    expect(nonZeroRuns(bytes, 8, 0)).toEqual([run(6, 8), run(8, 9), run(20, 21), run(31, 32)]);
  });
  test('an all-zero memory has none; unaligned views work', () => {
    expect(nonZeroRuns(new Uint8Array(65536), 65536, 0)).toEqual([]);
    const view = new Uint8Array(new ArrayBuffer(17), 1, 16);
    view[3] = 1;
    expect(nonZeroRuns(view, 16, 2)).toEqual([run(3, 4, 2)]);
  });
});

describe('merging', () => {
  test('gaps of up to 4 bytes merge, 5 do not', () => {
    expect(mergeRuns([run(0, 1), run(5, 6), run(11, 12)])).toEqual([run(0, 6), run(11, 12)]);
  });
  test('page-split runs join again; different memories never merge', () => {
    expect(mergeRuns([run(6, 8), run(8, 9), run(9, 10, 1)])).toEqual([run(6, 9), run(9, 10, 1)]);
  });
});

describe('the segment cap', () => {
  test('under the cap nothing changes', () => {
    const runs = [run(0, 1), run(10, 11)];
    expect(capSegments(runs, 3)).toBe(runs);
  });
  test('over the cap the smallest gaps merge first', () => {
    // gaps: 9, 5, 20, 6
    const runs = [run(0, 1), run(10, 11), run(16, 17), run(37, 38), run(44, 45)];
    expect(capSegments(runs, 3)).toEqual([run(0, 1), run(10, 17), run(37, 45)]);
  });
  test('chains of merges and a memory boundary', () => {
    const runs = [run(0, 1), run(6, 7), run(12, 13), run(0, 1, 1), run(100, 101, 1)];
    expect(capSegments(runs, 3)).toEqual([run(0, 13), run(0, 1, 1), run(100, 101, 1)]);
  });
  test('exactly at the cap (Wizer merges from len >= max, by zero)', () => {
    const runs = [run(0, 1), run(10, 11), run(30, 31)];
    expect(capSegments(runs, 3)).toEqual(runs);
  });
  test('equal gaps merge in index order', () => {
    const runs = Array.from({ length: 10 }, (_, i) => run(i * 6, i * 6 + 1));
    expect(capSegments(runs, 8)).toEqual([run(0, 13), ...runs.slice(3)]);
  });
});

describe('global init expressions', () => {
  test('bit exact for every type', () => {
    expect([...constExpr('i32', [-5])]).toEqual([0x41, 0x7b, 0x0b]);
    expect([...constExpr('i32', [0x7fffffff])]).toEqual([0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x0b]);
    expect([...constExpr('i64', [-1n])]).toEqual([0x42, 0x7f, 0x0b]);
    expect([...constExpr('f32', [0x7fa00001])]).toEqual([0x43, 0x01, 0x00, 0xa0, 0x7f, 0x0b]);
    expect([...constExpr('f64', [BigInt.asIntN(64, 0xfff4000000000001n)])]).toEqual([
      0x44, 0x01, 0, 0, 0, 0, 0, 0xf4, 0xff, 0x0b,
    ]);
    expect([...constExpr('v128', [1n, -1n])]).toEqual([
      0xfd, 0x0c, 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0b,
    ]);
  });
});
