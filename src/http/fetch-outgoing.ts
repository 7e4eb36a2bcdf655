import { FETCH_CLASSES_SOURCE } from './fetch-classes.js';

/** The world's imports the outgoing `fetch()` calls, by their full names (`wasi:http/types@0.2.10`). */
export interface OutgoingInterfaces {
  handler: string;
  types: string;
}

/**
 * `fetch(input, init)` for engines without one, as the source of an ES module (a polyfill, see
 * bundle/globals/fetch.ts) over the world's `wasi:http/outgoing-handler`: the Request becomes an
 * OutgoingRequest (method, scheme, authority, path with query, headers; the body written in
 * chunks of at most 4096 bytes, the most one `blocking-write-and-flush` takes), `handle` sends it,
 * and the call blocks on the response's pollable, then reads status, headers and body into a
 * Response. The wait happens inside the call: an engine without an event loop cannot leave a
 * wasi:http 0.2 call pending, so the Promise comes back already settled. Errors reject with a
 * TypeError like a browser's ("fetch failed: connection-refused"), the wasi:http error code as
 * `cause`. Redirects are followed (up to 20) unless `redirect: 'manual'` or `'error'`.
 * URLs are split here: the engine has no `URL`, and core-js' costs ~0.67 MB. Its import names
 * differ from the incoming glue's (fetch-glue.ts), which is appended to the same bundle.
 */
export function fetchOutgoingSource(io: OutgoingInterfaces, int64: 'number' | 'bigint'): string {
  const readSize = int64 === 'number' ? '65536' : '65536n';
  return `import { handle as __componentize_fetchHandle } from ${JSON.stringify(io.handler)};
import { Fields as __componentize_fetchFields, OutgoingRequest as __componentize_fetchOutgoingRequest, OutgoingBody as __componentize_fetchOutgoingBody, IncomingBody as __componentize_fetchIncomingBody } from ${JSON.stringify(io.types)};
// In a function of its own: the incoming glue appended to the bundle declares the same names.
const __componentize_fetchApi = (() => {
${FETCH_CLASSES_SOURCE}
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
function failed(what, cause) {
  const error = new TypeError('fetch failed: ' + what);
  if (cause !== undefined) error.cause = cause;
  return error;
}
function codeText(code) {
  if (!code || typeof code !== 'object') return String(code);
  const val = code.val;
  const detail = val === undefined || val === null ? '' : typeof val === 'object' ? Object.entries(val).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(', ') : String(val);
  return code.tag + (detail ? ' (' + detail + ')' : '');
}
// A thrown wasi:http error: the engine throws the err payload, or an Error carrying it.
function thrownCode(e) { return e && typeof e === 'object' && 'payload' in e ? e.payload : e; }
function splitUrl(url) {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\\/\\/([^/?#]*)([^#]*)/.exec(url);
  if (!m) throw new TypeError('fetch: ' + JSON.stringify(url) + ' is not an absolute http(s) URL');
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') throw new TypeError('fetch: unsupported scheme ' + JSON.stringify(scheme + ':') + ' (only http: and https:)');
  const authority = m[2].replace(/^[^@]*@/, '');
  if (!authority) throw new TypeError('fetch: ' + JSON.stringify(url) + ' has no host');
  return { scheme, authority, path: m[3] || '/' };
}
function resolveLocation(location, base) {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location)) return location;
  const { scheme, authority, path } = splitUrl(base);
  if (location.startsWith('//')) return scheme + ':' + location;
  if (location.startsWith('/')) return scheme + '://' + authority + location;
  return scheme + '://' + authority + path.replace(/[?].*$/, '').replace(/[^/]*$/, '') + location;
}
function writeChunks(stream, bytes) {
  for (let at = 0; at < bytes.length; at += 4096) stream.blockingWriteAndFlush(bytes.subarray(at, at + 4096));
}
function writeBody(outgoingBody, bytes) {
  const stream = outgoingBody.write();
  writeChunks(stream, bytes);
  stream[Symbol.dispose]?.();
  __componentize_fetchOutgoingBody.finish(outgoingBody, undefined);
}
// A ReadableStream body goes out chunk by chunk as the stream gives them.
async function streamBody(outgoingBody, readable) {
  const stream = outgoingBody.write();
  const reader = readable.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) writeChunks(stream, __componentize_bodyBytes(r.value) ?? new Uint8Array(0));
  } finally {
    stream[Symbol.dispose]?.();
  }
  __componentize_fetchOutgoingBody.finish(outgoingBody, undefined);
}
// One chunk of the response body, or null at its end.
function readChunk(stream) {
  try { return stream.blockingRead(${readSize}); } catch (e) {
    const error = thrownCode(e);
    if (error && error.tag === 'last-operation-failed') throw failed('the response body could not be read', error);
    return null; // closed: the whole body is read
  }
}
function finishBody(body, stream) {
  stream[Symbol.dispose]?.();
  __componentize_fetchIncomingBody.finish(body)[Symbol.dispose]?.();
}
function readBody(incoming) {
  const body = incoming.consume();
  const stream = body.stream();
  const chunks = [];
  for (let chunk = readChunk(stream); chunk !== null; chunk = readChunk(stream)) chunks.push(chunk);
  finishBody(body, stream);
  incoming[Symbol.dispose]?.();
  return __componentize_concat(chunks);
}
// With a ReadableStream in the bundle the body is read as the code asks for it, a chunk per pull.
function streamResponse(incoming) {
  const body = incoming.consume();
  const stream = body.stream();
  const end = () => { finishBody(body, stream); incoming[Symbol.dispose]?.(); };
  return new ReadableStream({
    pull(controller) {
      const chunk = readChunk(stream);
      if (chunk === null) { end(); controller.close(); } else controller.enqueue(chunk);
    },
    cancel: end,
  }, { highWaterMark: 0 });
}
function outgoingRequest(request) {
  const { scheme, authority, path } = splitUrl(request.url);
  let fields;
  try {
    fields = __componentize_fetchFields.fromList([...request.headers].map(([k, v]) => [k, __componentize_utf8.encode(v)]));
  } catch (e) { throw failed('a request header is not allowed (' + codeText(thrownCode(e)) + ')', thrownCode(e)); }
  const outgoing = new __componentize_fetchOutgoingRequest(fields);
  const method = request.method;
  outgoing.setMethod(METHODS.includes(method) ? { tag: method.toLowerCase() } : { tag: 'other', val: method });
  outgoing.setScheme({ tag: scheme.toUpperCase() });
  outgoing.setAuthority(authority);
  outgoing.setPathWithQuery(path);
  const outgoingBody = outgoing.body();
  let future;
  try { future = __componentize_fetchHandle(outgoing, undefined); } catch (e) { throw failed(codeText(thrownCode(e)), thrownCode(e)); }
  return { future, outgoingBody };
}
function response(future, method) {
  const pollable = future.subscribe();
  pollable.block();
  pollable[Symbol.dispose]?.();
  const got = future.get();
  future[Symbol.dispose]?.();
  // option<result<result<incoming-response, error-code>, ()>>: ready, read once.
  if (!got || got.tag !== 'ok') throw failed('the response was already taken');
  if (got.val.tag !== 'ok') throw failed(codeText(got.val.val), got.val.val);
  const incoming = got.val.val;
  const headers = new Headers();
  for (const [name, value] of incoming.headers().entries()) headers.append(name, __componentize_utf8.decode(value));
  const status = incoming.status();
  const empty = method === 'HEAD' || status === 204 || status === 304;
  if (empty) incoming[Symbol.dispose]?.();
  const body = empty ? null : typeof ReadableStream === 'undefined' ? readBody(incoming) : streamResponse(incoming);
  return { status, headers, body };
}
// Sends the request; the answer once its headers are in. A stream body makes it async.
function send(request, held) {
  const { future, outgoingBody } = outgoingRequest(request);
  if (!__componentize_isStream(held)) {
    writeBody(outgoingBody, held ?? new Uint8Array(0));
    return response(future, request.method);
  }
  return streamBody(outgoingBody, held).then(() => response(future, request.method));
}
const REDIRECTS = [301, 302, 303, 307, 308];
function fetchFrom(request, held, mode, hops) {
  const sent = send(request, held);
  return sent instanceof Promise ? sent.then((answer) => answered(request, answer, mode, hops)) : answered(request, sent, mode, hops);
}
function answered(request, answer, mode, hops) {
    const location = answer.headers.get('location');
  if (!REDIRECTS.includes(answer.status) || location === null || mode === 'manual') {
    const response = new Response(answer.body, { status: answer.status, headers: answer.headers });
    response.url = request.url;
    response.redirected = hops > 0;
    return response;
  }
  answer.body?.cancel?.();
  if (mode === 'error') throw failed('redirect to ' + location + ' with redirect: "error"');
  if (hops >= 20) throw failed('too many redirects');
  const held = __componentize_Body.bytesOf(request);
  const toGet = answer.status === 303 ? request.method !== 'HEAD' : (answer.status === 301 || answer.status === 302) && request.method === 'POST';
  // A stream body was sent already; only a redirect that drops the body can be followed.
  if (!toGet && __componentize_isStream(held)) throw failed('redirect ' + answer.status + ' would send the stream body again');
  const headers = new Headers(request.headers);
  if (toGet) { headers.delete('content-type'); headers.delete('content-length'); }
  const next = new Request(resolveLocation(location, request.url), { method: toGet ? 'GET' : request.method, headers });
  return fetchFrom(next, toGet ? null : held, mode, hops + 1);
}
// The request goes out inside the call, which waits for the answer's headers (the engine has no
// event loop to come back from); only a ReadableStream body is read asynchronously.
function fetch(input, init) {
  try {
    const request = new Request(input, init);
    return Promise.resolve(fetchFrom(request, __componentize_Body.bytesOf(request), (init && init.redirect) || 'follow', 0));
  } catch (e) { return Promise.reject(e); }
}
globalThis.__componentize_fetchClasses ??= { Headers, Body: __componentize_Body, Request, Response };
return { fetch, Headers, Request, Response };
})();
export const fetch = __componentize_fetchApi.fetch;
for (const name of ['Headers', 'Request', 'Response']) if (typeof globalThis[name] === 'undefined') globalThis[name] = __componentize_fetchApi[name];
`;
}

/** `fetch()` where the world cannot send requests: every call rejects, naming the import to add. */
export function fetchUnavailableSource(reason: string): string {
  return `export function fetch() { return Promise.reject(new TypeError(${JSON.stringify(`fetch failed: ${reason}`)})); }\n`;
}
