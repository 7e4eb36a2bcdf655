/**
 * Timers for engines without an event loop (QuickJS): `setTimeout`, `setInterval`, their
 * `clear*` and `queueMicrotask`. The timers wait in a queue; the boundary glue (wit-dylib) runs
 * the loop around each export call through `globalThis.__componentize_timers`:
 * - an async export: until its promise settles, pending microtasks run, then the earliest timer
 *   fires, after sleeping on `wasi:clocks/monotonic-clock` until it is due (the instance blocks,
 *   as a single-threaded event loop does); timers fire in due order, ties in creation order;
 * - a sync export: when it returns, the timers already due run; the others cannot wait for
 *   anything and are dropped with a message on stderr instead of a trap.
 */
export function timersPolyfillSource(clock: string | undefined, int64: 'number' | 'bigint'): string {
  const sleep = clock
    ? `import { now as clockNow, subscribeDuration } from ${JSON.stringify(clock)};
const nowMs = () => Number(clockNow()) / 1e6;
function sleepMs(ms) {
  const pollable = subscribeDuration(${int64 === 'number' ? 'Math.ceil(ms * 1e6)' : 'BigInt(Math.ceil(ms * 1e6))'});
  try { pollable.block(); } finally { pollable[Symbol.dispose]?.(); }
}`
    : `const nowMs = () => Date.now();
function sleepMs(ms) { const end = Date.now() + ms; while (Date.now() < end); }`;
  return `${sleep}
const timers = new Map();
let lastId = 0, order = 0;
function add(fn, ms, args, repeat) {
  if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be a function');
  const delay = Math.max(0, Number(ms) || 0);
  const id = ++lastId;
  timers.set(id, { fn, args, delay, repeat, due: nowMs() + delay, order: order++ });
  return id;
}
${NEXT}
function fire([id, t]) {
  if (t.repeat) { t.due = Math.max(t.due + Math.max(t.delay, 1), nowMs()); t.order = order++; } else timers.delete(id);
  t.fn(...t.args);
}
function dropAll() { timers.clear(); }
async function settle(promise) {
  let state = 0, value;
  promise.then((v) => { state = 1; value = v; }, (e) => { state = 2; value = e; });
  for (;;) {
    // Microtasks first: each await lets everything queued before it run.
    for (let i = 0; i < 100 && state === 0; i++) await undefined;
    if (state !== 0) break;
    const first = next();
    if (!first) return promise; // waiting on the host, not on a timer
    const wait = first[1].due - nowMs();
    if (wait > 0) sleepMs(wait);
    fire(first);
  }
  if (state === 2) throw value;
  return value;
}
${AFTER_SYNC}
// For a caller that runs its own promise jobs (the fetch glue): fires the earliest timer, sleeping until it is due; false when there is none.
function fireNext() {
  const first = next();
  if (!first) return false;
  const wait = first[1].due - nowMs();
  if (wait > 0) sleepMs(wait);
  fire(first);
  return true;
}
globalThis.__componentize_timers = { settle, afterSync, fireNext };
export const setTimeout = (fn, ms, ...args) => add(fn, ms, args, false);
export const setInterval = (fn, ms, ...args) => add(fn, ms, args, true);
export const clearTimeout = (id) => { timers.delete(id); };
export const clearInterval = clearTimeout;
export const queueMicrotask = (fn) => { Promise.resolve().then(fn); };
`;
}

/**
 * What a sync export does with the timers left when it returns (both timer modules): the due ones
 * fire (in due order; an interval once), the others are cancelled with one line on stderr naming
 * the export and each timer. Needs `timers`, `next()`, `fire(entry)`, `nowMs()` and `dropAll()`.
 */
const AFTER_SYNC = `function afterSync(name) {
  for (let first = next(); first && first[1].due <= nowMs(); first = next()) {
    if (first[1].repeat) { fire(first); break; }
    fire(first);
  }
  if (!timers.size) return;
  const pending = [...timers.values()].map((t) => (t.repeat ? 'setInterval ' : 'setTimeout ') + t.delay + ' ms').join(', ');
  dropAll();
  console.error('componentize: ' + name + ' is a sync export: it cannot wait for ' + pending + ' (not run). Declare it \`async func\` in the world to let timers fire.');
}`;

/** The first timer due (ties: the first created), as `[id, timer]`. */
const NEXT = `function next() {
  let first;
  for (const [id, t] of timers) if (!first || t.due < first[1].due || (t.due === first[1].due && t.order < first[1].order)) first = [id, t];
  return first;
}`;

/**
 * For engines with timers of their own, run by their event loop while an async export's promise
 * is pending: the same functions, wrapped so that a sync export can do what it does with the
 * polyfill (`afterSync`): the engine's loop does not run before a sync export returns, and a
 * timer it keeps would fire in some later call instead. Installed over the engine's globals.
 */
export function timersGuardSource(): string {
  return `const native = { setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval, clearTimeout: globalThis.clearTimeout, clearInterval: globalThis.clearInterval };
const realMs = () => globalThis.performance?.now?.() ?? Date.now();
// The engine's setTimeout and clearTimeout may be host calls (wasi:clocks subscribe
// and drop, a round trip to the host's I/O thread), measured at 20-170 ms on a loaded machine.
// Counted, they pushed a 5 ms timer created right after a 30 ms one past it: the 30 ms one
// settled the export, which returned without the 5 ms one. Dues are kept on a clock that stands
// still during those calls, so timers created in one go keep the order of their delays.
let hostMs = 0;
const nowMs = () => realMs() - hostMs;
// \`start\`: a reading taken just before (the due's), so no stall between two readings goes uncounted.
function host(call, start = realMs()) {
  try { return call(); } finally { hostMs += realMs() - start; }
}
const timers = new Map();
let order = 0;
function add(fn, ms, args, repeat) {
  if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be a function');
  const delay = Math.max(0, Number(ms) || 0);
  const start = realMs();
  const t = { fn, args, delay, repeat, due: start - hostMs + delay, order: order++ };
  // The engine's loop may run several ready timers in creation order; they run in due order here
  // (ties: creation order), as with the polyfill: earlier-due ones first, each once.
  const run = () => {
    if (timers.get(t.id) !== t || (repeat && t.due > nowMs())) return;
    for (let first = next(); first && first[1] !== t && first[1].due <= t.due; first = next()) fire(first);
    fire([t.id, t]);
  };
  t.id = host(() => (repeat ? native.setInterval : native.setTimeout).call(globalThis, run, delay), start);
  timers.set(t.id, t);
  return t.id;
}
function cancel(id) {
  const t = timers.get(id);
  timers.delete(id);
  host(() => (t?.repeat ? native.clearInterval : native.clearTimeout).call(globalThis, id));
}
${NEXT}
// A timer run here is taken off the engine's loop first, so it runs once.
function fire([id, t]) {
  if (!t.repeat) cancel(id);
  else { t.due = nowMs() + Math.max(t.delay, 1); t.order = order++; }
  t.fn(...t.args);
}
function dropAll() { for (const id of [...timers.keys()]) cancel(id); }
${AFTER_SYNC}
// Async exports: the engine's event loop runs the timers until the promise settles.
globalThis.__componentize_timers = { settle: (promise) => promise, afterSync };
export const setTimeout = (fn, ms, ...args) => add(fn, ms, args, false);
export const setInterval = (fn, ms, ...args) => add(fn, ms, args, true);
export const clearTimeout = cancel;
export const clearInterval = cancel;
`;
}

/** The globals the timers module defines. */
export const TIMER_GLOBALS = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'] as const;
