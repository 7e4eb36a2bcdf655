/**
 * Turns initialized memory into data segments by Wizer's rules: non-zero runs found page by page,
 * runs merged when the gap between them is at most 4 bytes (the least an extra active segment
 * costs: memory index, `i32.const`, its immediate, the length), and at most 10,000 segments in all
 * (engines cap the count) by merging across the smallest gaps first.
 */
import { sortUnstableLikeRust } from './rust-sort.js';

export const MIN_ACTIVE_SEGMENT_OVERHEAD = 4;
export const MAX_DATA_SEGMENTS = 10_000;

export interface Run {
  memory: number;
  start: number;
  end: number;
}

/** The non-zero runs of one memory, a run never crossing a page boundary (as Wizer scans pages apart). */
export function nonZeroRuns(bytes: Uint8Array, pageSize: number, memory: number): Run[] {
  const runs: Run[] = [];
  // Whole zero words are skipped 4 bytes at a time: most of a large heap is zeros.
  const words =
    bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2) : undefined;
  const pages = Math.floor(bytes.length / pageSize);
  for (let page = 0; page < pages; page++) {
    const pageEnd = (page + 1) * pageSize;
    let i = page * pageSize;
    while (i < pageEnd) {
      if (words && (i & 3) === 0) {
        while (i + 4 <= pageEnd && words[i >>> 2] === 0) i += 4;
      }
      while (i < pageEnd && bytes[i] === 0) i++;
      if (i >= pageEnd) break;
      const start = i;
      while (i < pageEnd && bytes[i] !== 0) i++;
      runs.push({ memory, start, end: i });
    }
  }
  return runs;
}

/** Runs sorted by memory then start, merged where the gap is at most the segment overhead. */
export function mergeRuns(runs: readonly Run[]): Run[] {
  const merged: Run[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && last.memory === run.memory && run.start - last.end <= MIN_ACTIVE_SEGMENT_OVERHEAD) {
      last.end = run.end;
    } else {
      merged.push({ ...run });
    }
  }
  return merged;
}

/**
 * Merges neighbours across the smallest gaps until the count is within the cap. Which of several
 * equal gaps get merged is whatever Rust's unstable sort puts first, so the gaps are sorted the
 * way it sorts them (rust-sort.ts).
 */
export function capSegments(runs: Run[], max = MAX_DATA_SEGMENTS): Run[] {
  if (runs.length < max) return runs;
  const excess = runs.length - max;
  const gaps: { gap: number; index: number }[] = [];
  for (let i = 0; i + 1 < runs.length; i++) {
    const a = runs[i]!;
    const b = runs[i + 1]!;
    // Gaps of 4 GiB or more are never picked, as in Wizer (they do not fit its u32).
    if (a.memory === b.memory && b.start - a.end <= 0xffffffff) gaps.push({ gap: b.start - a.end, index: i });
  }
  sortUnstableLikeRust(gaps, (x, y) => x.gap < y.gap);
  const chosen = new Set(gaps.slice(0, excess).map((g) => g.index));
  const out: Run[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    // A chosen gap after run i-1 means run i joins the run before it.
    if (chosen.has(i - 1)) out[out.length - 1]!.end = run.end;
    else out.push({ ...run });
  }
  return out;
}
