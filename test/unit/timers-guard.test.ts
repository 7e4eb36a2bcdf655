import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { timersGuardSource } from '../../src/bundle/globals/timers.js';

type SetTimer = (fn: () => void, ms: number) => unknown;
interface Guard {
  setTimeout: SetTimer;
  clearTimeout: (id: unknown) => void;
}

/** Waits without yielding, as a host call that blocks the guest does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // a host round trip on a loaded machine
  }
}

// The guard over "engine timers" that are Node's, each call taking 40 ms as StarlingMonkey's
// setTimeout (a wasi:clocks host call) did on a loaded machine (measured 20-170 ms).
const SLOW_HOST_MS = 40;
let dir: string;
let guard: Guard;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'timers-guard-'));
  const file = join(dir, 'guard.mjs');
  await writeFile(file, timersGuardSource());
  const saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
  const native = globalThis as unknown as Record<string, unknown>;
  native.setTimeout = (fn: () => void, ms: number) => {
    busy(SLOW_HOST_MS);
    return saved.setTimeout(fn, ms);
  };
  native.clearTimeout = (id: Parameters<typeof clearTimeout>[0]) => {
    busy(SLOW_HOST_MS);
    saved.clearTimeout(id);
  };
  try {
    // The guard keeps the engine's functions it finds when it is evaluated.
    guard = (await import(pathToFileURL(file).href)) as Guard;
  } finally {
    Object.assign(globalThis, saved);
  }
});
afterAll(async () => {
  delete (globalThis as Record<string, unknown>).__componentize_timers;
  await rm(dir, { recursive: true, force: true });
});

test('timers created in one go fire in the order of their delays, however long the engine took to create them', async () => {
  const log: string[] = [];
  const slow = new Promise<void>((resolve) =>
    guard.setTimeout(() => {
      log.push('slow');
      resolve();
    }, 30),
  );
  // Created 40 ms after the 30 ms timer (the host call above): counted, it came due after it, and
  // the 30 ms timer settled the promise first ([micro, slow]).
  guard.setTimeout(() => log.push('fast'), 5);
  guard.clearTimeout(guard.setTimeout(() => log.push('cleared'), 10));
  queueMicrotask(() => log.push('micro'));
  await slow;
  expect(log).toEqual(['micro', 'fast', 'slow']);
});
