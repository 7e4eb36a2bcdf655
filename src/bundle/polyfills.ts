import type { Plugin } from 'esbuild';
import type { Polyfill } from '../wit-dylib/globals/polyfills.js';

const PREFIX = 'componentize-polyfill:';
const NAMESPACE = 'componentize-polyfill';

/** Module ids to pass to esbuild's `inject`, one per polyfill. */
export function polyfillInjects(polyfills: readonly Polyfill[]): string[] {
  return polyfills.map((p) => `${PREFIX}${p.global}`);
}

/** The globals whose polyfill ended up in the bundle, read from esbuild's metafile inputs. */
export function usedPolyfills(polyfills: readonly Polyfill[], inputs: readonly string[]): Polyfill[] {
  return polyfills.filter((p) => inputs.some((input) => input.endsWith(`${NAMESPACE}:${PREFIX}${p.global}`)));
}

/**
 * Serves polyfills as virtual modules. They are marked free of side effects, so esbuild keeps one
 * (and its WIT imports) only when the code reads the global it defines.
 */
export function polyfillPlugin(polyfills: readonly Polyfill[]): Plugin {
  const byId = new Map(polyfills.map((p) => [`${PREFIX}${p.global}`, p]));
  return {
    name: 'componentize:polyfills',
    setup(build) {
      build.onResolve({ filter: /^componentize-polyfill:/ }, (args) => ({ path: args.path, namespace: NAMESPACE, sideEffects: false }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: byId.get(args.path)?.source ?? '', loader: 'js' }));
    },
  };
}
