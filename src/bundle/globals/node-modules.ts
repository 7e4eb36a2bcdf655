/**
 * The Node built-ins we write ourselves because they reach the host (`process`, `crypto`) or
 * combine packages (`url`). Each is an ES module bundled into the user's code only when it is
 * imported. They go through the globals (`globalThis.process`, `globalThis.crypto`), so that the
 * pass that adds globals puts the WASI-backed implementations in, and an engine's own wins.
 */

/** `node:process`: the global `process` (globals/process.ts), as a module. */
export function nodeProcessSource(): string {
  return `const process = globalThis.process;
export default process;
export const env = process.env, argv = process.argv, platform = process.platform, version = process.version, versions = process.versions;
export const nextTick = process.nextTick, cwd = process.cwd, exit = process.exit, emitWarning = process.emitWarning, hrtime = process.hrtime;
`;
}

/**
 * \`node:crypto\`: random values from the engine's (or our) Web Crypto, hashes and HMACs from
 * @noble/hashes (audited, maintained, pure JavaScript; each algorithm a separate module, so
 * esbuild keeps only what is called).
 */
export function nodeCryptoSource(): string {
  return `import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { Buffer } from 'buffer/index.js';

const ALGORITHMS = { md5, sha1, sha256, sha512 };
function algorithm(name) {
  const hash = ALGORITHMS[String(name).toLowerCase().replace('-', '')];
  if (!hash) throw new Error('node:crypto: digest ' + name + ' is not supported (md5, sha1, sha256, sha512)');
  return hash;
}
const bytes = (data, encoding) => (typeof data === 'string' ? Buffer.from(data, encoding || 'utf8') : new Uint8Array(data.buffer ? data.buffer : data, data.byteOffset || 0, data.byteLength));
function digester(state) {
  return {
    update(data, encoding) { state.update(bytes(data, encoding)); return this; },
    digest(encoding) { const out = Buffer.from(state.digest()); return encoding ? out.toString(encoding) : out; },
  };
}
export function createHash(name) { return digester(algorithm(name).create()); }
export function createHmac(name, key) { return digester(hmac.create(algorithm(name), bytes(key))); }
export function getRandomValues(array) { return globalThis.crypto.getRandomValues(array); }
export function randomBytes(size, callback) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(size, i + 65536)));
  if (callback) { Promise.resolve().then(() => callback(null, out)); return undefined; }
  return out;
}
export function randomUUID() { return globalThis.crypto.randomUUID(); }
export function randomInt(min, max) {
  if (max === undefined) { max = min; min = 0; }
  const range = max - min, buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return min + (buf[0] % range);
}
export const webcrypto = globalThis.crypto;
export default { createHash, createHmac, getRandomValues, randomBytes, randomUUID, randomInt, webcrypto };
`;
}

/** \`node:url\`: the WHATWG URL (the engine's or our global), the legacy API from the \`url\` package, and the file-URL helpers. */
export function nodeUrlSource(): string {
  return `import legacy from 'url/url.js';
export const { parse, resolve, resolveObject, format, Url } = legacy;
export const URL = globalThis.URL, URLSearchParams = globalThis.URLSearchParams;
export function fileURLToPath(url) {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (u.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
  return decodeURIComponent(u.pathname);
}
export function pathToFileURL(path) {
  return new URL('file://' + encodeURI(path).replace(/[?#]/g, encodeURIComponent));
}
export default { parse, resolve, resolveObject, format, Url, URL, URLSearchParams, fileURLToPath, pathToFileURL };
`;
}
