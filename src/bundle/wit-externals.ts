import type { Plugin } from 'esbuild';

/**
 * A WIT interface specifier: `namespace:package/interface`, optionally `@version`
 * (`wasi:cli/stdout@0.2.3`, `local:hello/host`). The engine binds these at instantiation, so
 * they must stay `import` statements in the bundle. `node:` specifiers are not WIT: they fall
 * through to the Node built-ins (node-builtins.ts).
 */
export const WIT_SPECIFIER =
  /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\/[a-z][a-z0-9-]*(?:@[0-9A-Za-z.+-]+)?$/;

export function witExternalsPlugin(): Plugin {
  return {
    name: 'componentize:wit-externals',
    setup(build) {
      // esbuild filters are Go regexps (no lookahead), so `node:` is excluded here.
      build.onResolve({ filter: WIT_SPECIFIER }, (args) =>
        args.path.startsWith('node:') ? undefined : { path: args.path, external: true },
      );
    },
  };
}
