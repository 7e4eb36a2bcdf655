import type { BundleProgram } from '../js/parse-bundle.js';
import type { HttpHandlerStyle } from './handler-style.js';

/** How the glue reaches the user's handler: code to add to the bundle, and the call expression. */
export interface FetchDispatch {
  /** Declarations the call needs (the service worker's `addEventListener`), appended to the bundle. */
  declarations: string;
  /** An expression answering `request` (a Request): a Response, or a Promise of one. */
  call: string;
}

/**
 * The fetch handler call for a WASI version's glue, in either fetch style: the module worker's
 * `fetch(request)` on the default export, or the `fetch` listeners the service worker registered
 * (the first that calls `event.respondWith` answers). Undefined when the bundle has no default
 * export to call.
 */
export function fetchDispatch(
  program: BundleProgram,
  style: Exclude<HttpHandlerStyle, 'raw'>,
): FetchDispatch | undefined {
  if (style === 'module-worker') {
    const local = defaultExportLocal(program);
    return local ? { declarations: '', call: `${local}.fetch(request)` } : undefined;
  }
  // A hoisted declaration, so the user's top-level `addEventListener('fetch', ...)` finds it.
  const declarations = `function addEventListener(type, listener) { if (type === 'fetch') (globalThis.__componentize_fetchListeners ??= []).push(listener); }
function __componentize_dispatchEvent(request) {
  let answer;
  const event = { request, respondWith(r) { answer = r; }, waitUntil() {} };
  for (const listener of globalThis.__componentize_fetchListeners ?? []) {
    listener(event);
    if (answer !== undefined) return answer;
  }
  throw new Error('no fetch listener called event.respondWith()');
}`;
  return { declarations, call: '__componentize_dispatchEvent(request)' };
}

/** JavaScript that names what a handler returned instead of a Response (`null`, `an object (Object)`). */
export const DESCRIBE_VALUE_SOURCE = `function __componentize_describe(value) {
  return value === null ? 'null' : typeof value === 'object' ? 'an object (' + Object.prototype.toString.call(value).slice(8, -1) + ')' : typeof value + ' ' + String(value).slice(0, 40);
}`;

/**
 * JavaScript both WASI versions' glue use around the user's handler: the URL of an incoming
 * request from its scheme, authority and path, a Request built from what was read, and a
 * handler's answer as a Response (a 500 naming what came back when it is none).
 */
export const HANDLER_HELPERS_SOURCE = `${DESCRIBE_VALUE_SOURCE}
function __componentize_incomingRequest(scheme, authority, pathWithQuery, method, headers, chunks) {
  const protocol = !scheme ? 'http' : scheme.tag === 'other' ? scheme.val : scheme.tag.toLowerCase();
  const url = protocol + '://' + (authority ?? headers.get('host') ?? 'localhost') + (pathWithQuery ?? '/');
  const methodName = method.tag === 'other' ? method.val : method.tag.toUpperCase();
  const bytes = __componentize_concat(chunks);
  return new Request(url, { method: methodName, headers, body: bytes.length || !['GET', 'HEAD'].includes(methodName) ? bytes : undefined });
}
function __componentize_asResponse(value) {
  if (value instanceof Response) return value;
  return new Response('the fetch handler returned ' + __componentize_describe(value) + ', not a Response', { status: 500, headers: { 'content-type': 'text/plain' } });
}`;

/**
 * Glue for the module-worker HTTP style on engines that dispatch requests as `fetch` events: a
 * listener that hands each request to the default export's `fetch(request)`. What the handler
 * returns is checked here, where the value is still a JavaScript value: anything but a Response
 * becomes a 500 whose body names what came back, rather than an engine error about a type.
 * Appended to the bundle, so the user's lines (and the source map) stay where they are.
 */
export function moduleWorkerListener(program: BundleProgram): string | undefined {
  const local = defaultExportLocal(program);
  if (!local) return undefined;
  return `// componentize: module-worker HTTP handler (export default { fetch })
${DESCRIBE_VALUE_SOURCE}
addEventListener('fetch', (event) => {
  event.respondWith(Promise.resolve().then(() => ${local}.fetch(event.request)).then((response) => {
    if (response instanceof Response) return response;
    const message = 'the fetch handler returned ' + __componentize_describe(response) + ', not a Response';
    console.error(message);
    return new Response(message, { status: 500, headers: { 'content-type': 'text/plain' } });
  }));
});
`;
}

/** The local name esbuild gives the default export (`export { app_default as default }`). */
export function defaultExportLocal(program: BundleProgram): string | undefined {
  for (const statement of program.body) {
    if (statement.type !== 'ExportNamedDeclaration' || statement.source) continue;
    for (const spec of statement.specifiers ?? []) {
      const exported = spec.exported.name ?? spec.exported.value;
      if (exported === 'default' && spec.local.type === 'Identifier') return spec.local.name as string;
    }
  }
  return undefined;
}
