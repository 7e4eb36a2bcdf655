import type { SourceMapPayload } from 'node:module';
import { describe, expect, test } from 'vitest';
import { firstLineFrom, originalPositions } from '../../src/js/source-map.js';

/** Base64 VLQ of one number, as the source map format encodes each field of a segment. */
function vlq(value: number): string {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += digits[digit];
  } while (rest > 0);
  return out;
}

/**
 * `mappings` for absolute segments given per generated line as [generated column, source index,
 * original line, original column] (0-based), delta-encoded the way the format wants.
 */
function encodeMappings(lines: [number, number, number, number][][]): string {
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  return lines
    .map((segments) => {
      let column = 0;
      return segments
        .map(([genColumn, src, line, col]) => {
          const fields = [genColumn - column, src - source, line - originalLine, col - originalColumn];
          [column, source, originalLine, originalColumn] = [genColumn, src, line, col];
          return fields.map(vlq).join('');
        })
        .join(',');
    })
    .join(';');
}

/** A payload with the fields a test does not care about filled in (sourcesContent left out unless given). */
function payload(fields: Pick<SourceMapPayload, 'sources' | 'mappings'> & Partial<SourceMapPayload>): SourceMapPayload {
  return { version: 3, file: 'app.js', names: [], sourceRoot: '', ...fields } as SourceMapPayload;
}

const APP = 'export function greet(name: string) {\n  const greeting = `Hello, ${name}!`;\n  return greeting;\n}\n';
const UTIL = 'export const shout = (s: string) => s.toUpperCase();\n';

// Bundle line 0 comes from util.ts line 0; bundle line 1 has two segments from app.ts lines 1
// and 2; bundle line 2 is unmapped code of the bundler's own.
const MAPPINGS = encodeMappings([
  [[0, 1, 0, 13]],
  [
    [2, 0, 1, 8],
    [30, 0, 2, 9],
  ],
  [],
]);

describe('originalPositions: bundle positions back to the user files', () => {
  const lookup = originalPositions(
    payload({ sources: ['app.ts', 'util.ts'], sourcesContent: [APP, UTIL], mappings: MAPPINGS }),
  );

  test('a mapped position: 1-based line and column, and the line text from sourcesContent', () => {
    expect(lookup(0, 0)).toEqual({ file: 'util.ts', line: 1, column: 14, lineText: UTIL.split('\n')[0] });
    expect(lookup(1, 2)).toEqual({
      file: 'app.ts',
      line: 2,
      column: 9,
      lineText: '  const greeting = `Hello, ${name}!`;',
    });
  });

  test('inside a segment, the segment start is what is known', () => {
    expect(lookup(1, 20)).toMatchObject({ file: 'app.ts', line: 2, column: 9 });
    expect(lookup(1, 31)).toMatchObject({ file: 'app.ts', line: 3, column: 10, lineText: '  return greeting;' });
  });

  test('before the first mapping there is nothing to report', () => {
    const late = originalPositions(payload({ sources: ['app.ts'], mappings: encodeMappings([[[5, 0, 0, 0]]]) }));
    expect(late(0, 2)).toBeUndefined();
  });

  test("a line without mappings (code appended after the user's) is not blamed on an earlier line", () => {
    // Bundle line 2 has no segment: Node's findEntry alone answers app.ts line 3, the last mapping above.
    expect(lookup(2, 5)).toBeUndefined();
    expect(lookup(7, 0)).toBeUndefined();
  });

  test("a position before its line's first mapping (indentation) is that line's", () => {
    expect(lookup(1, 0)).toMatchObject({ file: 'app.ts', line: 3 });
  });

  test('without sourcesContent the location has no lineText', () => {
    const bare = originalPositions(payload({ sources: ['app.ts'], mappings: encodeMappings([[[0, 0, 3, 0]]]) }));
    expect(bare(0, 0)).toEqual({ file: 'app.ts', line: 4, column: 1 });
  });

  test('a map with no mappings finds nothing', () => {
    const empty = originalPositions(payload({ sources: [], mappings: '' }));
    expect(empty(0, 0)).toBeUndefined();
  });
});

describe('firstLineFrom: where code of given sources begins in the bundle', () => {
  // Lines 0-1 from a polyfill, line 2 unmapped, line 3 starts with a polyfill segment then app.ts, line 4 from app.ts.
  const map = payload({
    sources: ['polyfill.js', 'app.ts', 'util.ts'],
    mappings: encodeMappings([
      [[0, 0, 0, 0]],
      [
        [0, 0, 1, 0],
        [9, 0, 1, 9],
      ],
      [],
      [
        [0, 0, 2, 0],
        [4, 1, 0, 0],
      ],
      [[0, 1, 1, 0]],
      [[0, 2, 0, 0]],
    ]),
  });

  test('the first line whose first segment comes from one of them', () => {
    expect(firstLineFrom(map, new Set(['app.ts', 'util.ts']))).toBe(4);
    expect(firstLineFrom(map, new Set(['util.ts']))).toBe(5);
    expect(firstLineFrom(map, new Set(['polyfill.js']))).toBe(0);
  });

  test('source indices are deltas across lines and segments, negative ones included', () => {
    // Line 0 from source 2, line 1 from source 0 (a delta of -2), line 2 from source 1.
    const back = payload({
      sources: ['a', 'b', 'c'],
      mappings: encodeMappings([[[0, 2, 0, 0]], [[0, 0, 0, 0]], [[0, 1, 0, 0]]]),
    });
    expect(firstLineFrom(back, new Set(['a']))).toBe(1);
    expect(firstLineFrom(back, new Set(['b']))).toBe(2);
    // Large deltas take several base64 digits.
    const many = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const far = payload({ sources: many, mappings: encodeMappings([[[0, 0, 0, 0]], [[0, 39, 500, 70]]]) });
    expect(firstLineFrom(far, new Set(['s39']))).toBe(1);
  });

  test('none of them in the map: undefined', () => {
    expect(firstLineFrom(map, new Set(['other.ts']))).toBeUndefined();
    expect(firstLineFrom(payload({ sources: [], mappings: '' }), new Set(['app.ts']))).toBeUndefined();
  });
});
