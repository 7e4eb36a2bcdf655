/**
 * Headers, Request and Response for engines without a fetch API, as JavaScript source appended to
 * the bundle (see fetch-glue.ts). Declared with `var` so the names exist (undefined) from the
 * module's start: `typeof Response` in user code never hits a temporal dead zone, and by the time
 * a request arrives every class is defined. Bodies are bytes held in memory; the glue fills them
 * from the request's input stream and drains them to the response's output stream in chunks.
 * Where the bundle has a `ReadableStream` (added when code reads `.body`, bundle/globals/fetch.ts),
 * `body` is one, and a body may be one (fetch-outgoing.ts streams it); `Body.bytesOf` gives the
 * glue what a body holds without making it a stream. No
 * TextEncoder here: the engine lacks it, and the polyfills are only added where user code uses it.
 */
export const FETCH_CLASSES_SOURCE = `
// One set of classes per bundle: where the fetch() polyfill is in, the glue uses its classes, so a
// fetched Response is a Response to the glue too (fetch-outgoing.ts sets them).
var __componentize_shared = globalThis.__componentize_fetchClasses;
var __componentize_utf8 = {
  encode(text) {
    const out = [];
    for (const ch of String(text)) {
      let c = ch.codePointAt(0);
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out);
  },
  decode(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i++];
      let c = b;
      if (b >= 0xf0) c = ((b & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
      else if (b >= 0xe0) c = ((b & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
      else if (b >= 0xc0) c = ((b & 31) << 6) | (bytes[i++] & 63);
      s += String.fromCodePoint(c);
    }
    return s;
  },
};
var Headers = __componentize_shared?.Headers ?? class Headers {
  #map = new Map();
  constructor(init) {
    if (init instanceof Headers) for (const [k, v] of init) this.append(k, v);
    else if (Array.isArray(init)) for (const [k, v] of init) this.append(k, v);
    else if (init) for (const k of Object.keys(init)) this.append(k, init[k]);
  }
  append(name, value) {
    const key = String(name).toLowerCase();
    const prev = this.#map.get(key);
    this.#map.set(key, prev === undefined ? String(value) : prev + ', ' + value);
  }
  set(name, value) { this.#map.set(String(name).toLowerCase(), String(value)); }
  get(name) { return this.#map.get(String(name).toLowerCase()) ?? null; }
  has(name) { return this.#map.has(String(name).toLowerCase()); }
  delete(name) { this.#map.delete(String(name).toLowerCase()); }
  forEach(fn, self) { for (const [k, v] of this) fn.call(self, v, k, this); }
  *entries() { yield* [...this.#map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); }
  keys() { return [...this.entries()].map(([k]) => k)[Symbol.iterator](); }
  values() { return [...this.entries()].map(([, v]) => v)[Symbol.iterator](); }
  [Symbol.iterator]() { return this.entries(); }
};
function __componentize_isStream(body) { return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream; }
// The chunks of a body, one after another in one array.
function __componentize_concat(chunks) {
  const bytes = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) { bytes.set(chunk, at); at += chunk.length; }
  return bytes;
}
// Promise chains, not async functions: see the body readers below.
function __componentize_readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  const step = (r) => {
    if (r.done) return __componentize_concat(chunks);
    chunks.push(__componentize_bodyBytes(r.value) ?? new Uint8Array(0));
    return reader.read().then(step);
  };
  return reader.read().then(step);
}
function __componentize_bodyBytes(body) {
  if (body === undefined || body === null) return null;
  if (__componentize_isStream(body)) return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return __componentize_utf8.encode(body.toString());
  return __componentize_utf8.encode(String(body));
}
function __componentize_contentType(body) {
  if (typeof body === 'string') return 'text/plain;charset=UTF-8';
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return 'application/x-www-form-urlencoded;charset=UTF-8';
  return undefined;
}
var __componentize_Body = __componentize_shared?.Body ?? class Body {
  #bytes;
  #used = false;
  constructor(bytes) { this.#bytes = bytes; }
  get bodyUsed() { return this.#used || (__componentize_isStream(this.#bytes) && this.#bytes.locked); }
  get body() {
    const held = this.#bytes;
    if (typeof ReadableStream === 'undefined' || held === null || __componentize_isStream(held)) return held;
    this.#bytes = new ReadableStream({ start(c) { if (held.length) c.enqueue(held); c.close(); } });
    return this.#bytes;
  }
  /** What a body holds (bytes, a ReadableStream or null), for the glue: reading it does not consume or convert it. */
  static bytesOf(body) { return body.#bytes; }
  #take() {
    if (this.#used) throw new TypeError('Body has already been consumed');
    this.#used = true;
    const held = this.#bytes ?? new Uint8Array(0);
    return __componentize_isStream(held) ? __componentize_readAll(held) : held;
  }
  // Not async functions: this source is not lowered by the bundler, and a native async function's
  // promise would wait for the engine's job loop; the global Promise may be componentize's own
  // (bundle/globals/promise-jobs.ts), whose jobs the glue runs.
  bytes() { return new Promise((resolve) => resolve(this.#take())); }
  arrayBuffer() { return this.bytes().then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); }
  text() { return this.bytes().then((b) => __componentize_utf8.decode(b)); }
  json() { return this.text().then((t) => JSON.parse(t)); }
};
var Request = __componentize_shared?.Request ?? class Request extends __componentize_Body {
  constructor(input, init = {}) {
    const from = input instanceof Request ? input : undefined;
    super(init.body !== undefined ? __componentize_bodyBytes(init.body) : (from ? __componentize_Body.bytesOf(from) : null));
    this.url = from ? from.url : String(input);
    this.method = String(init.method ?? from?.method ?? 'GET').toUpperCase();
    this.headers = new Headers(init.headers ?? from?.headers);
    const type = __componentize_contentType(init.body);
    if (type && !this.headers.has('content-type')) this.headers.set('content-type', type);
  }
  clone() { return new Request(this); }
};
var Response = __componentize_shared?.Response ?? class Response extends __componentize_Body {
  constructor(body, init = {}) {
    super(__componentize_bodyBytes(body));
    this.status = init.status ?? 200;
    this.statusText = init.statusText ?? '';
    this.headers = new Headers(init.headers);
    this.type = 'default';
    const type = __componentize_contentType(body);
    if (type && !this.headers.has('content-type')) this.headers.set('content-type', type);
  }
  get ok() { return this.status >= 200 && this.status < 300; }
  static json(data, init = {}) {
    const headers = new Headers(init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(data), { ...init, headers });
  }
  static redirect(url, status = 302) { return new Response(null, { status, headers: { location: String(url) } }); }
  static error() { const r = new Response(null, { status: 0 }); r.type = 'error'; return r; }
};
`;
