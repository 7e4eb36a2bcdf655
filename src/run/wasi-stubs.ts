/**
 * Modules that stand in for the WASI shims where a component is instantiated and nothing of it
 * is called (a build's verification without a `--verify` call, verify/verify.ts). Loading
 * preview2-shim costs ~38 MB and a thread of its own (its I/O worker boots when it is imported);
 * instantiating needs only that every name jco's JavaScript imports exists. Each stand-in
 * exports exactly those names, read from jco's import declarations, as objects whose every
 * member throws when called or constructed: a component that does call WASI while it
 * instantiates fails with `WASI_STUB_MARK` in the message, and is then verified with the shims.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Part of every stand-in's error message, to tell a call of a stand-in from any other failure. */
export const WASI_STUB_MARK = 'is not served while verifying without a call';

/** jco's import declarations: `import { a, b as c } from '<specifier>';` (generated code, one per line). */
const IMPORT_DECLARATION = /^import \{([^}]*)\} from (['"])([^'"]+)\2;?$/gm;

/** The map entries for WASI (`wasi:<pkg>/*` and `wasi:<pkg>/*@0.3.0`) pointing at stand-in files in `dir`, by pattern. */
export function wasiStubMap(patterns: readonly string[], dir: string): Record<string, string> {
  return Object.fromEntries(patterns.map((pattern, i) => [pattern, `${pathToFileURL(join(dir, `wasi-stub-${i}.mjs`)).href}#*`]));
}

/**
 * Writes each stand-in module of `map` with the names `js` imports from it. Returns false when
 * the JavaScript imports a stand-in in a form this does not read (then the shims are needed).
 */
export async function writeWasiStubs(js: string, map: Record<string, string>, dir: string): Promise<boolean> {
  const names = new Map<string, Set<string>>();
  for (const target of Object.values(map)) names.set(target.replace(/#.*$/, ''), new Set());
  for (const match of js.matchAll(IMPORT_DECLARATION)) {
    const imported = names.get(match[3]!);
    if (!imported) continue;
    for (const part of match[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0];
      if (name) imported.add(name);
    }
  }
  // Any other mention of a stand-in (a namespace import, an import() call) is a form not read above.
  for (const [url, imported] of names) if (!imported.size && js.includes(url)) return false;
  for (const [url, imported] of names) {
    if (!imported.size) continue;
    const exports = [...imported].map((name) => `export const ${name} = standIn(${JSON.stringify(name)});`);
    await writeFile(new URL(url), `${STAND_IN_SOURCE}\n${exports.join('\n')}\n`);
  }
  return true;
}

/** An interface's stand-in: a member is a function that throws, usable as a class too (`instanceof`, `extends`). */
const STAND_IN_SOURCE = `function standIn(iface) {
  const members = {};
  return new Proxy(members, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      return (target[name] ??= function () { throw new Error(\`WASI \${iface}.\${name} ${WASI_STUB_MARK}\`); });
    },
  });
}`;
