/**
 * `process` as npm code expects it: `env` read from `wasi:cli/environment` each time it is read
 * (never at build time: a value read while the snapshot is taken would be frozen into every
 * instance; reads in top-level code see an empty environment), `argv` from the same interface,
 * `nextTick` as a microtask. `process.env.NODE_ENV` itself is replaced at build time
 * (bundle.ts), as bundlers do.
 */
export function processPolyfillSource(environment: string | undefined): string {
  const imports = environment
    ? `import { getEnvironment as hostEnvironment, getArguments as hostArguments } from ${JSON.stringify(environment)};`
    : 'const hostEnvironment = () => [], hostArguments = () => [];';
  return `${imports}
// Until an export runs (the boundary glue calls this hook) the code runs inside the snapshot,
// where some engines have no WASI to call: the environment is empty then.
let live = false;
globalThis.__componentize_process_live = () => { live = true; };
const getEnvironment = () => (live ? hostEnvironment() : []);
const getArguments = () => (live ? hostArguments() : []);
const env = new Proxy({}, {
  get: (_, key) => (typeof key === 'string' ? getEnvironment().find(([k]) => k === key)?.[1] : undefined),
  has: (_, key) => getEnvironment().some(([k]) => k === key),
  ownKeys: () => getEnvironment().map(([k]) => k),
  getOwnPropertyDescriptor: (_, key) => {
    const found = getEnvironment().find(([k]) => k === key);
    return found ? { value: found[1], enumerable: true, configurable: true, writable: true } : undefined;
  },
  set: () => true,
});
const noop = () => {};
export const process = {
  env,
  get argv() { return ['wasm', ...getArguments().slice(1)]; },
  argv0: 'wasm',
  platform: 'wasi',
  arch: 'wasm32',
  version: '',
  versions: {},
  release: { name: 'componentize' },
  browser: false,
  pid: 1,
  title: 'component',
  exitCode: undefined,
  cwd: () => '/',
  chdir: () => { throw new Error('process.chdir is not supported in a component'); },
  umask: () => 0,
  exit: (code) => { throw new Error('process.exit(' + (code ?? 0) + ') called in a component'); },
  nextTick: (fn, ...args) => { Promise.resolve().then(() => fn(...args)); },
  emitWarning: noop,
  on: noop, once: noop, off: noop, addListener: noop, removeListener: noop, removeAllListeners: noop, emit: () => false, listeners: () => [],
  hrtime: Object.assign((prev) => {
    const ns = BigInt(Math.round((globalThis.performance?.now?.() ?? Date.now()) * 1e6));
    const t = [Number(ns / 1000000000n), Number(ns % 1000000000n)];
    return prev ? [t[0] - prev[0], t[1] - prev[1]] : t;
  }, { bigint: () => BigInt(Date.now()) * 1000000n }),
  memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
};
`;
}

/** `Buffer` from the buffer package (Node's Buffer API on Uint8Array, what browserify and webpack 4 ship). */
export const BUFFER_POLYFILL_SOURCE = "export { Buffer } from 'buffer/index.js';";

/** `global`, Node's name for the global object. */
export const GLOBAL_POLYFILL_SOURCE = 'export const global = globalThis;';
