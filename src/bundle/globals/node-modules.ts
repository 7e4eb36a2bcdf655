/**
 * The Node built-ins we write ourselves because they reach the host (`process`; `crypto` in
 * node-crypto.ts) or combine packages (`url`, `zlib`). Each is an ES module bundled into the user's code only when it is
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

/**
 * \`node:zlib\`: the synchronous one-shot calls (and their callback forms) over fflate, which
 * compression-streams-polyfill already brings: pure JavaScript, tree-shaken to the calls used.
 * Node's names map to fflate's: Node's "deflate" is the zlib format (fflate's zlib), "deflateRaw"
 * is fflate's deflate. Streams (createGzip...) are not provided. The compressed bytes may differ
 * from Node's (another compressor), every reader reads them.
 */
export function nodeZlibSource(): string {
  return `import { gzipSync as gzip_, gunzipSync as gunzip_, zlibSync, unzlibSync, deflateSync as raw, inflateSync as unraw, decompressSync } from 'fflate';
import { Buffer } from 'buffer/index.js';

const input = (data) => (typeof data === 'string' ? Buffer.from(data) : new Uint8Array(data.buffer ? data.buffer : data, data.byteOffset || 0, data.byteLength));
const level = (options) => (options && options.level !== undefined && options.level >= 0 ? { level: options.level } : {});
function run(name, work, data, options) {
  try {
    const out = work(input(data), options);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    const error = new Error(name + ': ' + (cause && cause.message ? cause.message : String(cause)));
    error.code = 'Z_DATA_ERROR';
    error.errno = -3;
    throw error;
  }
}
export const gzipSync = (data, options) => run('gzip', (d) => gzip_(d, level(options)), data);
export const gunzipSync = (data) => run('gunzip', gunzip_, data);
export const deflateSync = (data, options) => run('deflate', (d) => zlibSync(d, level(options)), data);
export const inflateSync = (data) => run('inflate', unzlibSync, data);
export const deflateRawSync = (data, options) => run('deflateRaw', (d) => raw(d, level(options)), data);
export const inflateRawSync = (data) => run('inflateRaw', unraw, data);
export const unzipSync = (data) => run('unzip', decompressSync, data);
function later(sync) {
  return (data, options, callback) => {
    if (typeof options === 'function') { callback = options; options = undefined; }
    let result, error = null;
    try { result = sync(data, options); } catch (e) { error = e; }
    Promise.resolve().then(() => callback(error, result));
  };
}
export const gzip = later(gzipSync), gunzip = later(gunzipSync), deflate = later(deflateSync), inflate = later(inflateSync);
export const deflateRaw = later(deflateRawSync), inflateRaw = later(inflateRawSync), unzip = later(unzipSync);
export const constants = { Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1 };
export default { gzipSync, gunzipSync, deflateSync, inflateSync, deflateRawSync, inflateRawSync, unzipSync, gzip, gunzip, deflate, inflate, deflateRaw, inflateRaw, unzip, constants };
`;
}
