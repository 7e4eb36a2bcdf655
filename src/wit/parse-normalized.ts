import type { ParsedPackage, Scope } from './normalized-ast.js';
import { parsePackage } from './normalized-parser.js';
import type { WitInterface, WorldItem, WorldModel } from './world.js';

/**
 * Reads the WIT text that wasm-tools prints back from a *resolved* package (see
 * `world-model.ts`). That text is already validated and normalized: one package per file,
 * `include`s flattened, implied imports spelled out, no comments or feature gates. So this is
 * not a WIT parser for user input (the reference parser does that, with its errors); it only
 * turns known-good canonical text into data.
 */
export function parseNormalizedWit(files: ReadonlyMap<string, string>, worldName: string | undefined): WorldModel {
  // unpackWit names the root package `package.wit` and dependencies `deps/<name>/package.wit`.
  const ordered = [...files.entries()].sort(
    ([a], [b]) => Number(a.startsWith('deps/')) - Number(b.startsWith('deps/')),
  );
  const packages = ordered.map(([, text]) => parsePackage(text));
  const root = packages[0];
  if (!root) throw new Error('no WIT package');
  const qualified = new Map<string, WitInterface & Scope>();
  for (const pkg of packages) {
    const [base, version] = pkg.name.split('@') as [string, string | undefined];
    for (const [name, iface] of pkg.interfaces) qualified.set(`${base}/${name}${version ? `@${version}` : ''}`, iface);
  }
  const lookup = (pkg: ParsedPackage, name: string) =>
    name.includes(':') ? qualified.get(name) : pkg.interfaces.get(name);

  // `use` brings another interface's types in under a (possibly new) name.
  for (const pkg of packages) {
    for (const scope of [...pkg.interfaces.values(), ...pkg.worlds.values()]) {
      for (const use of scope.uses) {
        const source = lookup(pkg, use.from);
        for (const { name, as } of use.names) {
          const def = source?.types.find((t) => t.name === name);
          if (!def) continue;
          const copy = { ...def, name: as };
          if (copy.kind === 'resource') copy.usedFrom = use.from;
          scope.types.push(copy);
        }
      }
    }
  }

  const worlds = [...root.worlds.entries()];
  // `--world proxy`, or package-qualified as a built-in world is: `wasi:http/proxy@0.2.10`.
  const unversioned = worldName?.replace(/@[^/@]*$/, '');
  const chosen = unversioned
    ? worlds.find(([name]) => name === unversioned || unversioned.endsWith(`/${name}`))
    : worlds[0];
  if (!chosen) throw new Error(`world ${worldName} not in the resolved package`);
  const [name, world] = chosen;
  const model: WorldModel = { package: root.name, name, imports: [], exports: [], types: world.types };
  for (const { direction, item } of world.items) {
    let resolved: WorldItem;
    if (item.kind === 'ref') {
      const iface = lookup(root, item.name);
      if (!iface) throw new Error(`interface ${item.name} not found`);
      // Qualified, as other packages' interfaces already are: `local:hello/host`.
      const [base, version] = root.name.split('@') as [string, string | undefined];
      const qualifiedName = item.name.includes(':') ? item.name : `${base}/${item.name}${version ? `@${version}` : ''}`;
      resolved = {
        kind: 'interface',
        name: qualifiedName,
        interface: { name: qualifiedName, functions: iface.functions, types: iface.types },
      };
    } else {
      resolved = item;
    }
    (direction === 'import' ? model.imports : model.exports).push(resolved);
  }
  return model;
}
