import type { BundleProgram } from '../shared/parse-bundle.js';
import type { HttpHandlerStyle } from '../check/http-handler.js';
import { FETCH_CLASSES_SOURCE } from './fetch-classes.js';
import { defaultExportLocal } from './http-glue.js';

/**
 * The fetch API over the raw wasi:http/types resources, for engines without one: the bundle gets
 * Headers/Request/Response (fetch-classes.ts) and an `incomingHandler` export that turns each
 * incoming request into a Request, calls the module-worker `fetch` or the service-worker `fetch`
 * listeners, and writes the Response back, the body in chunks of at most 4096 bytes (the most one
 * `blocking-write-and-flush` takes). A handler that throws traps before anything was answered: the
 * engine prints the JS stack and the host answers 500 (serve/). The handler must answer synchronously: the
 * engines this is for run no promise jobs before a wasi:http 0.2 call returns.
 */
export function fetchGlue(program: BundleProgram, style: Exclude<HttpHandlerStyle, 'raw'>, typesInterface: string): { code: string; exportList: string } | undefined {
  let dispatch: string;
  let listener = '';
  if (style === 'module-worker') {
    const local = defaultExportLocal(program);
    if (!local) return undefined;
    dispatch = `${local}.fetch(request)`;
  } else {
    // A hoisted declaration, so the user's top-level `addEventListener('fetch', ...)` finds it.
    listener = `function addEventListener(type, listener) { if (type === 'fetch') (globalThis.__componentize_fetchListeners ??= []).push(listener); }`;
    dispatch = '__componentize_dispatchEvent(request)';
  }
  const code = `// componentize: the fetch API over wasi:http (${style})
import { Fields as __componentize_Fields, OutgoingResponse as __componentize_OutgoingResponse, OutgoingBody as __componentize_OutgoingBody, ResponseOutparam as __componentize_ResponseOutparam } from ${JSON.stringify(typesInterface)};
${listener}
${FETCH_CLASSES_SOURCE}
function __componentize_dispatchEvent(request) {
  let answer;
  const event = { request, respondWith(r) { answer = r; }, waitUntil() {} };
  for (const listener of globalThis.__componentize_fetchListeners ?? []) {
    listener(event);
    if (answer !== undefined) return answer;
  }
  throw new Error('no fetch listener called event.respondWith()');
}
function __componentize_readRequest(incoming) {
  const headers = new Headers();
  for (const [name, value] of incoming.headers().entries()) headers.append(name, __componentize_utf8.decode(value));
  const scheme = incoming.scheme();
  const protocol = !scheme ? 'http' : scheme.tag === 'other' ? scheme.val : scheme.tag.toLowerCase();
  const url = protocol + '://' + (incoming.authority() ?? headers.get('host') ?? 'localhost') + (incoming.pathWithQuery() ?? '/');
  const method = incoming.method();
  const chunks = [];
  let length = 0;
  const body = incoming.consume();
  const stream = body.stream();
  for (;;) {
    let chunk;
    try {
      chunk = stream.blockingRead(65536);
    } catch (e) {
      break; // closed: the whole body is read
    }
    chunks.push(chunk);
    length += chunk.length;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) { bytes.set(chunk, at); at += chunk.length; }
  return new Request(url, { method: method.tag === 'other' ? method.val : method.tag.toUpperCase(), headers, body: length || !['GET', 'HEAD'].includes(method.tag.toUpperCase()) ? bytes : undefined });
}
function __componentize_writeResponse(responseOut, response) {
  if (!(response instanceof Response)) {
    const what = response === null ? 'null' : typeof response === 'object' ? 'an object (' + Object.prototype.toString.call(response).slice(8, -1) + ')' : typeof response + ' ' + String(response).slice(0, 40);
    response = new Response('the fetch handler returned ' + what + ', not a Response', { status: 500, headers: { 'content-type': 'text/plain' } });
  }
  if (__componentize_isStream(__componentize_Body.bytesOf(response))) {
    response = new Response('the fetch handler answered with a ReadableStream body: a wasi:http 0.2 handler on this engine cannot wait for its chunks; answer with bytes or a string', { status: 500, headers: { 'content-type': 'text/plain' } });
  }
  const fields = __componentize_Fields.fromList([...response.headers].map(([k, v]) => [k, __componentize_utf8.encode(v)]));
  const outgoing = new __componentize_OutgoingResponse(fields);
  outgoing.setStatusCode(response.status);
  const body = outgoing.body();
  __componentize_ResponseOutparam.set(responseOut, { tag: 'ok', val: outgoing });
  const stream = body.write();
  const bytes = __componentize_Body.bytesOf(response) ?? new Uint8Array(0);
  for (let at = 0; at < bytes.length; at += 4096) stream.blockingWriteAndFlush(bytes.subarray(at, at + 4096));
  stream[Symbol.dispose]?.();
  __componentize_OutgoingBody.finish(body, undefined);
}
var __componentize_incomingHandler = {
  handle(incoming, responseOut) {
    const request = __componentize_readRequest(incoming);
    // Synchronously: the engine runs no promise jobs before a wasi:http 0.2 call returns to the
    // host (measured on an engine without a fetch API, every variant), so a Promise would never settle here.
    // A throw goes on as a trap before anything was answered: the engine prints the JS stack
    // (which the host maps to the sources) and the host answers 500.
    let response = ${dispatch};
    if (response && typeof response.then === 'function') {
      response = new Response('the fetch handler returned a Promise: on this engine a wasi:http 0.2 handler must return its Response synchronously (no promise job runs before the call returns)', { status: 500, headers: { 'content-type': 'text/plain' } });
    }
    __componentize_writeResponse(responseOut, response);
  },
};
`;
  return { code, exportList: '__componentize_incomingHandler as incomingHandler' };
}
