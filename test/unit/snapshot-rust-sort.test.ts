// The reproduction of Rust's unstable sort: it must sort (every path: insertion, networks with
// merge, quicksort with pivot recursion), keep every element, and treat equal keys as Rust does
// where that is easy to state (already sorted input stays put, short input is insertion sorted).
import { describe, expect, test } from 'vitest';
import { sortUnstableLikeRust } from '../../src/snapshot/v8/rust-sort.js';

/** A deterministic generator, so a failure reproduces. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('sortUnstableLikeRust', () => {
  test.each([0, 1, 2, 5, 17, 18, 20, 21, 32, 33, 63, 64, 65, 500, 5000, 20_000])(
    'sorts %i elements with many equal keys, keeping them all',
    (n) => {
      const next = lcg(n + 1);
      const items = Array.from({ length: n }, (_, index) => ({ key: Math.floor(next() * 7), index }));
      const sorted = [...items];
      sortUnstableLikeRust(sorted, (a, b) => a.key < b.key);
      for (let i = 1; i < n; i++) expect(sorted[i - 1]!.key <= sorted[i]!.key).toBe(true);
      expect(sorted.map((x) => x.index).sort((a, b) => a - b)).toEqual(items.map((x) => x.index));
    },
  );
  test('already sorted input, ties included, is left as it is', () => {
    const items = Array.from({ length: 1000 }, (_, index) => ({ key: index >> 4, index }));
    const sorted = [...items];
    sortUnstableLikeRust(sorted, (a, b) => a.key < b.key);
    expect(sorted).toEqual(items);
  });
  test('strictly descending input is reversed', () => {
    const items = Array.from({ length: 100 }, (_, i) => 100 - i);
    sortUnstableLikeRust(items, (a, b) => a < b);
    expect(items).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
  test('up to 20 elements: an insertion sort, stable', () => {
    const items = [3, 1, 3, 2, 1].map((key, index) => ({ key, index }));
    sortUnstableLikeRust(items, (a, b) => a.key < b.key);
    expect(items.map((x) => x.index)).toEqual([1, 4, 3, 0, 2]);
  });
  test('beyond that, equal keys are reordered (as in Rust): the order is not a stable sort', () => {
    const next = lcg(42);
    const items = Array.from({ length: 300 }, (_, index) => ({ key: Math.floor(next() * 3), index }));
    const ours = [...items];
    sortUnstableLikeRust(ours, (a, b) => a.key < b.key);
    const stable = [...items].sort((a, b) => a.key - b.key);
    expect(ours.map((x) => x.index)).not.toEqual(stable.map((x) => x.index));
  });
});
