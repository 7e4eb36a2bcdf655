import type { BundleProgram } from '../js/parse-bundle.js';
import { DESCRIBE_VALUE_SOURCE } from './fetch-dispatch.js';
import { incomingHandlerExport } from './handler-style.js';
import type { WorldModel } from '../wit/world.js';
import { asyncExportsOf, type EngineAdapter } from '../wit-dylib/adapter.js';

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

/**
 * Whether the fetch glue (fetch-glue.ts) runs the promise jobs itself, with the Promise of
 * bundle/globals/promise-jobs.ts: the glue answers (the engine has no fetch events of its own and
 * the code exports no raw `incomingHandler`, given the bundle's `exports`), `handle` is a sync
 * call (wasi:http 0.2), during which the engine runs no promise jobs, and no `async func` export
 * needs the engine's own job loop and native promises.
 */
export function glueRunsPromiseJobs(world: WorldModel, engine: EngineAdapter, exports: readonly string[]): boolean {
  if (!incomingHandlerExport(world) || engine.capabilities.fetchEvent || exports.includes('incomingHandler')) return false;
  return asyncExportsOf(world).length === 0;
}
