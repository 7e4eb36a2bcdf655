import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';
import { POLYFILL_RESOLVE_DIR } from './npm.js';

/**
 * Promises whose jobs componentize runs itself, for engines that run none before a sync export
 * call returns (a wasi:http 0.2 `handle`). core-js's Promise (the maintained spec implementation,
 * forced through its documented configurator even where a native Promise exists) replaces
 * `globalThis.Promise`; its reaction jobs go into a queue of ours (it takes `queueMicrotask` and
 * `setImmediate` from the globals while it loads: those two are handed our queues for that
 * moment), and `globalThis.__componentize_promiseJobs.run()` runs them until none is left.
 * The bundle is built with async functions, async generators and for-await lowered to
 * generators, so `await` goes through this Promise too (bundle/bundle.ts).
 *
 * Macrotasks (core-js reports an unhandled rejection in one) run after the microtasks, as in an
 * event loop. Written with `require` so the configurator runs before the Promise module loads.
 */
export const PROMISE_JOBS_SOURCE = `const jobs = [];
let head = 0;
const tasks = new Map();
let lastTask = 0;
function run() {
  for (;;) {
    while (head < jobs.length) {
      const job = jobs[head++];
      try { job(); } catch (error) { globalThis.console?.error?.(error); }
    }
    jobs.length = head = 0;
    const first = tasks.entries().next();
    if (first.done) return;
    tasks.delete(first.value[0]);
    first.value[1]();
  }
}
const names = ['queueMicrotask', 'setImmediate', 'clearImmediate'];
const saved = names.map((name) => Object.getOwnPropertyDescriptor(globalThis, name));
globalThis.queueMicrotask = (fn) => { jobs.push(fn); };
globalThis.setImmediate = (fn, ...args) => { const id = ++lastTask; tasks.set(id, () => fn(...args)); return id; };
globalThis.clearImmediate = (id) => { tasks.delete(id); };
require('core-js-pure/configurator.js')({ usePolyfill: ['Promise'] });
const JobPromise = require('core-js-pure/actual/promise/index.js');
names.forEach((name, i) => { if (saved[i]) Object.defineProperty(globalThis, name, saved[i]); else delete globalThis[name]; });
globalThis.Promise = JobPromise;
globalThis.__componentize_promiseJobs = { run };
export {};
`;

/** The pre-bundled module (scripts/bundle-vendor.mjs). */
export const PROMISE_JOBS_VENDOR = join(PACKAGE_ROOT, 'dist', 'vendor', 'globals', 'promise-jobs.js');

/** The module's source and where its imports resolve (none, once pre-bundled). */
export async function promiseJobsModule(): Promise<{ source: string; resolveDir: string | undefined }> {
  const prebundled = await readFile(PROMISE_JOBS_VENDOR, 'utf8').catch(() => undefined);
  // Without the build step (running from sources), the unbundled source works too.
  return prebundled === undefined
    ? { source: PROMISE_JOBS_SOURCE, resolveDir: POLYFILL_RESOLVE_DIR }
    : { source: prebundled, resolveDir: undefined };
}
