import type { Plugin } from 'esbuild';
import type { Polyfill, PolyfillModule } from './globals/polyfills.js';

const PREFIX = 'componentize-polyfill:';
const NAMESPACE = 'componentize-polyfill';

/** Module ids to pass to esbuild's `inject`, one per polyfill. */
export function polyfillInjects(polyfills: readonly Polyfill[]): string[] {
  return polyfills.map((p) => `${PREFIX}${p.global}`);
}

/** The polyfills that ended up in the bundle, given the metafile names of the inputs it kept. */
export function usedPolyfills<P extends { global: string }>(polyfills: readonly P[], kept: readonly string[]): P[] {
  return polyfills.filter((p) => kept.some((input) => input.endsWith(`${NAMESPACE}:${PREFIX}${p.global}`)));
}

/**
 * Serves polyfills as virtual modules. They are marked free of side effects, so esbuild keeps one
 * (and its WIT imports) only when the code reads the global it defines.
 */
export function polyfillPlugin(polyfills: readonly Polyfill[], loaded: Map<string, PolyfillModule>): Plugin {
  const byId = new Map(polyfills.map((p) => [`${PREFIX}${p.global}`, p]));
  return {
    name: 'componentize:polyfills',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${PREFIX}`) }, (args) => ({ path: args.path, namespace: NAMESPACE, sideEffects: false }));
      // The npm packages a polyfill re-exports are side-effect free for our purpose too: without
      // this, esbuild keeps a package (and the globals it uses) even when the polyfill is unused.
      // (Polyfill ids never get here: the resolver above answers them first.)
      build.onResolve({ filter: /^[^.]/, namespace: NAMESPACE }, async (args) => {
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir });
        if (resolved.errors.length) return undefined;
        return { path: resolved.path, namespace: resolved.namespace, external: resolved.external, sideEffects: false };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const polyfill = byId.get(args.path);
        if (!polyfill) return { contents: '', loader: 'js' };
        const module = await polyfill.load();
        loaded.set(polyfill.global, module);
        return { contents: module.source, loader: 'js', ...(module.resolveDir ? { resolveDir: module.resolveDir } : {}) };
      });
    },
  };
}
