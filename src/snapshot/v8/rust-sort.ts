/**
 * Rust's `slice::sort_unstable_by` (ipnsort, Rust 1.81 and later; Wizer 11 is built with 1.94),
 * reproduced for its effect on equal keys. Wizer picks the data segments to merge past the
 * 10,000 cap by sorting the gaps with it and keeping the first ones; among equal gaps, which ones
 * come first is decided by this algorithm's exact moves, so matching Wizer byte for byte means
 * making the same moves: pivot choice, the cyclic Lomuto partition, the small-sort networks and
 * the bidirectional merge. Sorting networks are the published optimal ones for 9 and 13 inputs.
 */

type Less<T> = (a: T, b: T) => boolean;

const ALWAYS_INSERTION = 20;
const SMALL_SORT = 32;
const PSEUDO_MEDIAN_REC = 64;

const NETWORK_9 = [
  [0, 3],
  [1, 7],
  [2, 5],
  [4, 8],
  [0, 7],
  [2, 4],
  [3, 8],
  [5, 6],
  [0, 2],
  [1, 3],
  [4, 5],
  [7, 8],
  [1, 4],
  [3, 6],
  [5, 7],
  [0, 1],
  [2, 4],
  [3, 5],
  [6, 8],
  [2, 3],
  [4, 5],
  [6, 7],
  [1, 2],
  [3, 4],
  [5, 6],
] as const;
const NETWORK_13 = [
  [0, 12],
  [1, 10],
  [2, 9],
  [3, 7],
  [5, 11],
  [6, 8],
  [1, 6],
  [2, 3],
  [4, 11],
  [7, 9],
  [8, 10],
  [0, 4],
  [1, 2],
  [3, 6],
  [7, 8],
  [9, 10],
  [11, 12],
  [4, 6],
  [5, 9],
  [8, 11],
  [10, 12],
  [0, 5],
  [3, 8],
  [4, 7],
  [6, 11],
  [9, 10],
  [0, 1],
  [2, 5],
  [6, 9],
  [7, 8],
  [10, 11],
  [1, 3],
  [2, 4],
  [5, 6],
  [9, 10],
  [1, 2],
  [3, 4],
  [5, 7],
  [6, 8],
  [2, 3],
  [4, 5],
  [6, 7],
  [8, 9],
  [3, 4],
  [5, 6],
] as const;

/** Sorts `v` in place, leaving equal elements where Rust's unstable sort leaves them. */
export function sortUnstableLikeRust<T>(v: T[], less: Less<T>): void {
  const len = v.length;
  if (len < 2) return;
  if (len <= ALWAYS_INSERTION) return insertionSort(v, 0, len, 1, less);
  const [run, descending] = existingRun(v, less);
  if (run === len) {
    if (descending) v.reverse();
    return;
  }
  quicksort(v, 0, len, undefined, 2 * Math.floor(Math.log2(len | 1)), less);
}

/** The sorted (non-descending) or strictly descending run at the start. */
function existingRun<T>(v: T[], less: Less<T>): [number, boolean] {
  let run = 2;
  const descending = less(v[1]!, v[0]!);
  while (run < v.length && (descending ? less(v[run]!, v[run - 1]!) : !less(v[run]!, v[run - 1]!))) run++;
  return [run, descending];
}

/** Sorts v[lo, hi). The ancestor pivot is the element just before lo once a partition put it there. */
function quicksort<T>(
  v: T[],
  lo: number,
  hi: number,
  ancestor: { value: T } | undefined,
  limit: number,
  less: Less<T>,
): void {
  for (;;) {
    const len = hi - lo;
    if (len <= SMALL_SORT) return smallSortNetwork(v, lo, len, less);
    if (limit === 0) return heapsort(v, lo, len, less);
    limit--;
    const pivot = choosePivot(v, lo, len, less);
    // A pivot no greater than the ancestor is the minimum: split off everything equal to it.
    if (ancestor && !less(ancestor.value, v[lo + pivot]!)) {
      lo += partition(v, lo, len, pivot, (a, b) => !less(b, a)) + 1;
      ancestor = undefined;
      continue;
    }
    const numLt = partition(v, lo, len, pivot, less);
    quicksort(v, lo, lo + numLt, ancestor, limit, less);
    ancestor = { value: v[lo + numLt]! };
    lo += numLt + 1;
  }
}

function swap<T>(v: T[], a: number, b: number): void {
  const t = v[a]!;
  v[a] = v[b]!;
  v[b] = t;
}

/** Moves the pivot to the front, partitions the rest, puts the pivot between; returns the count less than it. */
function partition<T>(v: T[], lo: number, len: number, pivot: number, less: Less<T>): number {
  swap(v, lo, lo + pivot);
  const numLt = lomutoCyclic(v, lo + 1, len - 1, v[lo]!, less);
  swap(v, lo, lo + numLt);
  return numLt;
}

/**
 * The branchless Lomuto partition with a cyclic permutation: the first element is lifted out,
 * every other element in order is written to the boundary while the boundary's old element fills
 * the previous hole, and the lifted element is placed last.
 */
function lomutoCyclic<T>(v: T[], base: number, len: number, pivot: T, less: Less<T>): number {
  if (len === 0) return 0;
  const lifted = v[base]!;
  let hole = base;
  let numLt = 0;
  for (let r = 1; r <= len; r++) {
    const element = r < len ? v[base + r]! : lifted;
    const isLt = less(element, pivot);
    v[hole] = v[base + numLt]!;
    v[base + numLt] = element;
    hole = base + r;
    numLt += isLt ? 1 : 0;
  }
  return numLt;
}

function choosePivot<T>(v: T[], lo: number, len: number, less: Less<T>): number {
  const n8 = Math.floor(len / 8);
  const [a, b, c] = [lo, lo + n8 * 4, lo + n8 * 7];
  return (len < PSEUDO_MEDIAN_REC ? median3(v, a, b, c, less) : median3Rec(v, a, b, c, n8, less)) - lo;
}

function median3Rec<T>(v: T[], a: number, b: number, c: number, n: number, less: Less<T>): number {
  if (n * 8 >= PSEUDO_MEDIAN_REC) {
    const n8 = Math.floor(n / 8);
    a = median3Rec(v, a, a + n8 * 4, a + n8 * 7, n8, less);
    b = median3Rec(v, b, b + n8 * 4, b + n8 * 7, n8, less);
    c = median3Rec(v, c, c + n8 * 4, c + n8 * 7, n8, less);
  }
  return median3(v, a, b, c, less);
}

function median3<T>(v: T[], a: number, b: number, c: number, less: Less<T>): number {
  const x = less(v[a]!, v[b]!);
  const y = less(v[a]!, v[c]!);
  if (x !== y) return a;
  return less(v[b]!, v[c]!) !== x ? c : b;
}

/** Sorts v[lo, lo+len) given v[lo, lo+sorted) is sorted; strict comparisons keep equal elements in order. */
function insertionSort<T>(v: T[], lo: number, len: number, sorted: number, less: Less<T>): void {
  for (let tail = lo + sorted; tail < lo + len; tail++) {
    const tmp = v[tail]!;
    let j = tail;
    while (j > lo && less(tmp, v[j - 1]!)) {
      v[j] = v[j - 1]!;
      j--;
    }
    v[j] = tmp;
  }
}

function smallSortNetwork<T>(v: T[], lo: number, len: number, less: Less<T>): void {
  if (len < 2) return;
  const half = Math.floor(len / 2);
  const noMerge = len < 18;
  const regions = noMerge
    ? [[lo, len]]
    : [
        [lo, half],
        [lo + half, len - half],
      ];
  for (const [start, size] of regions as [number, number][]) {
    const network = size >= 13 ? NETWORK_13 : size >= 9 ? NETWORK_9 : [];
    for (const [a, b] of network) if (less(v[start + b]!, v[start + a]!)) swap(v, start + a, start + b);
    insertionSort(v, start, size, size >= 13 ? 13 : size >= 9 ? 9 : 1, less);
  }
  if (noMerge) return;
  const merged = bidirectionalMerge(v.slice(lo, lo + len), less);
  for (let i = 0; i < len; i++) v[lo + i] = merged[i]!;
}

/** Merges the two sorted halves from both ends at once (front takes left on ties, back takes right). */
function bidirectionalMerge<T>(s: T[], less: Less<T>): T[] {
  const len = s.length;
  const half = Math.floor(len / 2);
  const out = new Array<T>(len);
  let [left, right, dst] = [0, half, 0];
  let [leftRev, rightRev, dstRev] = [half - 1, len - 1, len - 1];
  for (let i = 0; i < half; i++) {
    const takeLeft = !less(s[right]!, s[left]!);
    out[dst++] = takeLeft ? s[left++]! : s[right++]!;
    const takeRight = !less(s[rightRev]!, s[leftRev]!);
    out[dstRev--] = takeRight ? s[rightRev--]! : s[leftRev--]!;
  }
  if (len % 2 !== 0) out[dst] = left < leftRev + 1 ? s[left]! : s[right]!;
  return out;
}

function heapsort<T>(v: T[], lo: number, len: number, less: Less<T>): void {
  for (let i = len + Math.floor(len / 2) - 1; i >= 0; i--) {
    let node = i >= len ? i - len : 0;
    if (i < len) swap(v, lo, lo + i);
    const end = Math.min(i, len);
    for (;;) {
      let child = 2 * node + 1;
      if (child >= end) break;
      if (child + 1 < end && less(v[lo + child]!, v[lo + child + 1]!)) child++;
      if (!less(v[lo + node]!, v[lo + child]!)) break;
      swap(v, lo + node, lo + child);
      node = child;
    }
  }
}
