import type { BundleProgram } from '../js/parse-bundle.js';
import { FETCH_CLASSES_SOURCE } from './fetch-classes.js';
import { fetchDispatch, HANDLER_HELPERS_SOURCE } from './fetch-dispatch.js';
import type { HttpHandlerStyle } from './handler-style.js';

/**
 * The fetch API over WASI 0.3's wasi:http, for engines without one: the adapter between the
 * shared Headers/Request/Response classes (fetch-classes.ts) and the 0.3 resources. The bundle
 * gets a `handler` export whose `handle: async func(request) -> result<response, error-code>`
 * reads the request's body stream into a Request, awaits the user's handler (module worker or
 * service worker, fetch-dispatch.ts), and returns a wasi `response` whose contents stream the
 * Response's bytes in 64 KiB chunks.
 *
 * Streams and futures are passed as JavaScript values the engine lowers itself (an iterable of
 * `Uint8Array` chunks for `stream<u8>`, a Promise for a `future`), so the glue does not name the
 * engine's per-world stream and future type constants.
 *
 * A handler that throws (or rejects) is answered with the error-code `internal-error` carrying the
 * error's message and stack: the host turns it into a 500 and can show the text. Unlike 0.2's
 * glue (fetch-glue.ts), the handler may be async: the call is async itself, so promise jobs run.
 */
export function fetchGlueP3(
  program: BundleProgram,
  style: Exclude<HttpHandlerStyle, 'raw'>,
  typesInterface: string,
): { code: string; exportList: string } | undefined {
  const dispatch = fetchDispatch(program, style);
  if (!dispatch) return undefined;
  const code = `// componentize: the fetch API over wasi:http 0.3 (${style})
import { Fields as __componentize_Fields, Request as __componentize_WasiRequest, Response as __componentize_WasiResponse } from ${JSON.stringify(typesInterface)};
${dispatch.declarations}
${FETCH_CLASSES_SOURCE}
${HANDLER_HELPERS_SOURCE}
async function __componentize_readRequest(incoming) {
  const headers = new Headers();
  for (const [name, value] of incoming.getHeaders().copyAll()) headers.append(name, __componentize_utf8.decode(value));
  // Read before consumeBody, which takes the request resource.
  const head = [incoming.getScheme(), incoming.getAuthority(), incoming.getPathWithQuery(), incoming.getMethod()];
  let bodyDone;
  const done = new Promise((resolve) => { bodyDone = resolve; });
  const [stream] = __componentize_WasiRequest.consumeBody(incoming, done);
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  bodyDone({ tag: 'ok' });
  return __componentize_incomingRequest(...head, headers, chunks);
}
function* __componentize_chunks(bytes) {
  for (let at = 0; at < bytes.length; at += 65536) yield bytes.subarray(at, at + 65536);
}
async function __componentize_toWasiResponse(answer) {
  const response = __componentize_asResponse(answer);
  const fields = __componentize_Fields.fromList([...response.headers].map(([k, v]) => [k, __componentize_utf8.encode(v)]));
  // What the body holds, not \`response.body\` (a ReadableStream view of it, where one exists);
  // a stream body is read to its end first.
  const held = __componentize_Body.bytesOf(response);
  const bytes = __componentize_isStream(held) ? await __componentize_readAll(held) : held;
  const contents = bytes && bytes.length ? __componentize_chunks(bytes) : null;
  const [outgoing] = __componentize_WasiResponse.new(fields, contents, Promise.resolve({ tag: 'ok', val: null }));
  outgoing.setStatusCode(response.status);
  return outgoing;
}
function __componentize_errorText(error) {
  if (!(error instanceof Error)) return 'the fetch handler threw ' + __componentize_describe(error);
  return String(error) + (error.stack ? '\\n' + error.stack : '');
}
var __componentize_handler = {
  async handle(incoming) {
    let response;
    try {
      const request = await __componentize_readRequest(incoming);
      response = await ${dispatch.call};
    } catch (error) {
      // result<response, error-code>: a thrown value is the error.
      throw { tag: 'internal-error', val: __componentize_errorText(error) };
    }
    return await __componentize_toWasiResponse(response);
  },
};
`;
  return { code, exportList: '__componentize_handler as handler' };
}
