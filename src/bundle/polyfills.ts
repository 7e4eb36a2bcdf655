import type { Metafile, Plugin } from 'esbuild';
import type { GlobalName } from '../wit-dylib/adapter.js';
import type { Polyfill, PolyfillModule } from './globals/polyfill.js';

const INSTALL = 'componentize-install:';
const SOURCE = 'componentize-polyfill:';
const NAMESPACE = 'componentize-polyfill';

const provided = (p: Polyfill): readonly GlobalName[] => p.provides ?? [p.global];

/**
 * The polyfills a bundle needs: those defining a global it reads, and the globals those read in
 * turn. Nothing else goes in, so an unused polyfill costs nothing.
 */
export function neededPolyfills(polyfills: readonly Polyfill[], read: ReadonlySet<string>): Polyfill[] {
  const wanted = new Set(read);
  const needed: Polyfill[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of polyfills) {
      if (needed.includes(p) || !provided(p).some((g) => wanted.has(g))) continue;
      needed.push(p);
      for (const g of p.uses ?? []) wanted.add(g);
      grew = true;
    }
  }
  return installOrder(needed);
}

/**
 * `needed` with each polyfill after those providing the globals it uses: a module that extends
 * a global class (AbortSignal extends EventTarget) must find it installed when it loads.
 */
function installOrder(needed: readonly Polyfill[]): Polyfill[] {
  const ordered: Polyfill[] = [];
  const visiting = new Set<Polyfill>();
  const place = (p: Polyfill) => {
    if (ordered.includes(p) || visiting.has(p)) return;
    visiting.add(p);
    for (const g of p.uses ?? []) {
      const provider = needed.find((q) => q !== p && provided(q).includes(g));
      if (provider) place(provider);
    }
    ordered.push(p);
  };
  for (const p of needed) place(p);
  return ordered;
}

/** The lines that import each polyfill's installer, ahead of the user's code. */
export function installImports(polyfills: readonly Polyfill[]): string[] {
  return polyfills.map((p) => `import ${JSON.stringify(`${INSTALL}${p.global}`)};`);
}

/** The metafile name of a polyfill's own module (for its bytes in the output). */
export function polyfillInput(p: Polyfill): string {
  return `${NAMESPACE}:${SOURCE}${p.global}`;
}

/**
 * Serves each polyfill as two virtual modules: its source, and an installer that puts its
 * exports on `globalThis` where the engine has no such global. Installers are imported before
 * the user's code, so the globals exist when it runs, however it reads them (`X`,
 * `globalThis.X`, `typeof X`).
 */
export function polyfillPlugin(polyfills: readonly Polyfill[], loaded: Map<string, PolyfillModule>): Plugin {
  const byId = new Map(polyfills.map((p) => [p.global as string, p]));
  return {
    name: 'componentize:polyfills',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${INSTALL}|${SOURCE})`) }, (args) => ({
        path: args.path,
        namespace: NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        if (args.path.startsWith(INSTALL)) {
          const polyfill = byId.get(args.path.slice(INSTALL.length))!;
          const lines = provided(polyfill).map((g) =>
            polyfill.wraps
              ? `globalThis.${g} = polyfill.${g};`
              : `if (typeof globalThis.${g} === 'undefined') globalThis.${g} = polyfill.${g};`,
          );
          return {
            contents: `import * as polyfill from ${JSON.stringify(`${SOURCE}${polyfill.global}`)};\n${lines.join('\n')}\n`,
            loader: 'js',
          };
        }
        const polyfill = byId.get(args.path.slice(SOURCE.length))!;
        const module = await polyfill.load();
        loaded.set(polyfill.global, module);
        return {
          contents: module.source,
          loader: 'js',
          ...(module.resolveDir ? { resolveDir: module.resolveDir } : {}),
        };
      });
    },
  };
}

/**
 * Bytes each root put into the output: its own module and every module first reached from it
 * (a package two polyfills share counts for the first). Roots are metafile input names.
 */
export function bytesFrom(metafile: Metafile, roots: ReadonlyMap<string, string>): Map<string, number> {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
  const kept = output?.inputs ?? {};
  const seen = new Set<string>();
  const bytes = new Map<string, number>();
  for (const [root, name] of roots) {
    const queue = [root];
    while (queue.length) {
      const input = queue.pop()!;
      if (seen.has(input)) continue;
      seen.add(input);
      bytes.set(name, (bytes.get(name) ?? 0) + (kept[input]?.bytesInOutput ?? 0));
      for (const i of metafile.inputs[input]?.imports ?? []) if (!i.external) queue.push(i.path);
    }
  }
  return bytes;
}
