import { defineEngine } from '../../wit-dylib/adapter.js';

/**
 * QuickJS-NG through componentize-qjs: wit-dylib generates the bindings, rquickjs runs the
 * JavaScript, and Wizer runs inside the native addon. Small (~1–1.6 MB) and fast to build (~2 s),
 * with component-model async (WASI P3) support.
 */
export const engine = defineEngine({
  name: 'quickjs',
  aliases: ['qjs'],
  description: 'QuickJS-NG via componentize-qjs: ~1–1.6 MB, ~2 s builds, async/stream/future (P3)',
  packageName: 'componentize-qjs',
  capabilities: {
    syncExports: true,
    asyncFunctions: true,
    streams: true,
    futures: true,
    resources: true,
    // componentize-qjs can only stub every WASI import at once (`stubWasi`).
    disableableFeatures: [],
    canDisableAllWasi: true,
    aot: false,
  },
  conventions: {
    int64: 'number',
    optionNone: 'null',
    resultErr: 'throw',
    bytes: 'Uint8Array',
    importStyle: 'default-object',
  },
  missingGlobals: ['console', 'TextEncoder', 'TextDecoder', 'URL', 'structuredClone', 'setTimeout', 'crypto', 'Intl'],
  async loadBuilder() {
    return (await import('./build.js')).buildWithQuickJs;
  },
});
