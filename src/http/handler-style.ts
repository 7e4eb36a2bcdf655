import type { AnyNode, BundleProgram } from '../js/parse-bundle.js';
import type { ExportShape } from '../js/read-exports.js';
import type { WorldItem, WorldModel } from '../wit/world.js';

/**
 * How JavaScript answers `wasi:http/incoming-handler` requests. Three styles are in use:
 * - `module-worker`: `export default { fetch(request) { return new Response(...) } }` (Workers, Deno, Bun, Hono's `export default app`);
 * - `service-worker`: `addEventListener('fetch', (event) => event.respondWith(...))`;
 * - `raw`: `export const incomingHandler = { handle(request, responseOut) { ... } }` on the wasi:http/types resources.
 */
export type HttpHandlerStyle = 'module-worker' | 'service-worker' | 'raw';

/** The three styles, as a message lists them. */
export const HTTP_HANDLER_STYLES: Record<HttpHandlerStyle, string> = {
  'module-worker': '`export default { fetch(request) { ... } }`',
  'service-worker': "`addEventListener('fetch', (event) => event.respondWith(...))`",
  raw: '`export const incomingHandler = { handle(request, responseOut) { ... } }`',
};

/**
 * The world's HTTP handler export, if it has one: `wasi:http/incoming-handler` (0.2, any version)
 * or `wasi:http/handler@0.3.x` (WASI 0.3, `handle: async func(request) -> result<response, error-code>`).
 */
export function incomingHandlerExport(world: WorldModel): (WorldItem & { kind: 'interface' }) | undefined {
  return world.exports.find(
    (item): item is WorldItem & { kind: 'interface' } =>
      item.kind === 'interface' && (/^wasi:http\/incoming-handler(@|$)/.test(item.name) || isP3Handler(item.name)),
  );
}

/** Whether an export name is WASI 0.3's `wasi:http/handler`. */
export function isP3Handler(name: string): boolean {
  return /^wasi:http\/handler@0\.3\./.test(name);
}

/**
 * The style the bundle uses, in order of precedence: an `incomingHandler` export is the raw
 * handler whatever else the code does; then a default export that can be fetched (an object with
 * `fetch`, or a value whose shape only running it would tell, such as a Hono app); then a `fetch`
 * listener registered anywhere in the code.
 */
export function httpHandlerStyle(
  program: BundleProgram,
  exports: ReadonlyMap<string, ExportShape>,
): HttpHandlerStyle | undefined {
  // `handler`: the raw export of WASI 0.3's wasi:http/handler.
  if (exports.has('incomingHandler') || exports.has('handler')) return 'raw';
  const fallback = exports.get('default');
  if (fallback && isFetchable(fallback)) return 'module-worker';
  return registersFetchListener(program) ? 'service-worker' : undefined;
}

/** An object with a `fetch` member, or a default export only running the code could tell about (`export default app`). */
function isFetchable(shape: ExportShape): boolean {
  if (shape.kind === 'unknown') return true;
  if (shape.kind !== 'object') return false;
  const fetch = shape.properties.get('fetch');
  return fetch !== undefined && fetch.kind !== 'object';
}

/** Whether the code calls `addEventListener('fetch', ...)` (bare, or on `self`/`globalThis`). */
export function registersFetchListener(program: BundleProgram): boolean {
  let found = false;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const n = node as AnyNode;
    if (
      n.type === 'CallExpression' &&
      isAddEventListener(n.callee) &&
      n.arguments[0]?.type === 'Literal' &&
      n.arguments[0].value === 'fetch'
    ) {
      found = true;
      return;
    }
    for (const key of Object.keys(n)) if (key !== 'loc' && key !== 'type') visit(n[key]);
  };
  visit(program.body);
  return found;
}

function isAddEventListener(callee: AnyNode): boolean {
  if (callee.type === 'Identifier') return callee.name === 'addEventListener';
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.name === 'addEventListener' &&
    callee.object.type === 'Identifier' &&
    ['self', 'globalThis'].includes(callee.object.name)
  );
}
