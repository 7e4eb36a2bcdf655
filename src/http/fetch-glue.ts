import type { BundleProgram } from '../js/parse-bundle.js';
import { FETCH_CLASSES_SOURCE } from './fetch-classes.js';
import { fetchDispatch, HANDLER_HELPERS_SOURCE } from './fetch-dispatch.js';
import type { HttpHandlerStyle } from './handler-style.js';

/**
 * The fetch API over the raw wasi:http/types resources, for engines without one: the bundle gets
 * Headers/Request/Response (fetch-classes.ts) and an `incomingHandler` export that turns each
 * incoming request into a Request, calls the module-worker `fetch` or the service-worker `fetch`
 * listeners, and writes the Response back, the body in chunks of at most 4096 bytes (the most one
 * `blocking-write-and-flush` takes). A handler that throws traps before anything was answered: the
 * engine prints the JS stack and the host answers 500 (serve/). The engines this is for run no
 * promise jobs before a wasi:http 0.2 call returns: the bundle's Promise is then one whose jobs
 * the glue runs itself (bundle/globals/promise-jobs.ts, chosen by `glueRunsPromiseJobs`), until
 * the handler's promise settles, firing timers (after sleeping until they are due) while it waits on one.
 */
export function fetchGlue(
  program: BundleProgram,
  style: Exclude<HttpHandlerStyle, 'raw'>,
  typesInterface: string,
): { code: string; exportList: string } | undefined {
  const dispatch = fetchDispatch(program, style);
  if (!dispatch) return undefined;
  const code = `// componentize: the fetch API over wasi:http (${style})
import { Fields as __componentize_Fields, OutgoingResponse as __componentize_OutgoingResponse, OutgoingBody as __componentize_OutgoingBody, ResponseOutparam as __componentize_ResponseOutparam } from ${JSON.stringify(typesInterface)};
${dispatch.declarations}
${FETCH_CLASSES_SOURCE}
${HANDLER_HELPERS_SOURCE}
function __componentize_settle(answer) {
  if (!answer || typeof answer.then !== 'function') return answer;
  let state = 0, value;
  answer.then((v) => { state = 1; value = v; }, (e) => { state = 2; value = e; });
  for (;;) {
    globalThis.__componentize_promiseJobs?.run();
    if (state !== 0 || !globalThis.__componentize_timers?.fireNext()) break;
  }
  if (state === 2) throw value;
  if (state === 1) return value;
  const why = globalThis.__componentize_promiseJobs ? 'it waits for something other than a timer' : 'this world also exports async functions, whose promises only settle in async calls';
  return new Response("the fetch handler's promise never settled: " + why, { status: 500, headers: { 'content-type': 'text/plain' } });
}
function __componentize_readRequest(incoming) {
  const headers = new Headers();
  for (const [name, value] of incoming.headers().entries()) headers.append(name, __componentize_utf8.decode(value));
  const head = [incoming.scheme(), incoming.authority(), incoming.pathWithQuery(), incoming.method()];
  const chunks = [];
  const body = incoming.consume();
  const stream = body.stream();
  for (;;) {
    try {
      chunks.push(stream.blockingRead(65536));
    } catch (e) {
      break; // closed: the whole body is read
    }
  }
  return __componentize_incomingRequest(...head, headers, chunks);
}
function __componentize_writeResponse(responseOut, answer) {
  let response = __componentize_asResponse(answer);
  // A stream body is written chunk by chunk as the stream gives them, where the glue runs the
  // promise jobs that produce them; elsewhere nothing could wait for a chunk.
  if (__componentize_isStream(__componentize_Body.bytesOf(response)) && !globalThis.__componentize_promiseJobs) {
    response = new Response('the fetch handler answered with a ReadableStream body: a wasi:http 0.2 handler on this engine cannot wait for its chunks; answer with bytes or a string', { status: 500, headers: { 'content-type': 'text/plain' } });
  }
  const fields = __componentize_Fields.fromList([...response.headers].map(([k, v]) => [k, __componentize_utf8.encode(v)]));
  const outgoing = new __componentize_OutgoingResponse(fields);
  outgoing.setStatusCode(response.status);
  const body = outgoing.body();
  __componentize_ResponseOutparam.set(responseOut, { tag: 'ok', val: outgoing });
  const stream = body.write();
  const write = (bytes) => { for (let at = 0; at < bytes.length; at += 4096) stream.blockingWriteAndFlush(bytes.subarray(at, at + 4096)); };
  const held = __componentize_Body.bytesOf(response) ?? new Uint8Array(0);
  if (__componentize_isStream(held)) {
    const reader = held.getReader();
    // The status is already sent: a read that never settles ends the body where it is, a failing one traps.
    for (let r = __componentize_settle(reader.read()); r && !(r instanceof Response) && !r.done; r = __componentize_settle(reader.read())) write(__componentize_bodyBytes(r.value) ?? new Uint8Array(0));
  } else {
    write(held);
  }
  stream[Symbol.dispose]?.();
  __componentize_OutgoingBody.finish(body, undefined);
}
var __componentize_incomingHandler = {
  handle(incoming, responseOut) {
    const request = __componentize_readRequest(incoming);
    // A throw (or a rejected promise) goes on as a trap before anything was answered: the engine
    // prints the JS stack (which the host maps to the sources) and the host answers 500.
    __componentize_writeResponse(responseOut, __componentize_settle(${dispatch.call}));
  },
};
`;
  return { code, exportList: '__componentize_incomingHandler as incomingHandler' };
}
