import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyWitTree, witFilesUnder } from './wit-tree.js';
import type { WorldModel } from './world.js';

/** WASI WIT shipped with componentize (see wit-dylib/wasi.ts). */
const WASI_WIT = fileURLToPath(new URL('../../wit/wasi-0.2.12/deps/', import.meta.url));

export interface AugmentedWorld {
  witPath: string;
  world: string;
}

/**
 * The world the engine builds when the parity layer or a polyfill needs a WASI interface the
 * user's world does not import (QuickJS binds an import only if the world names it): a copy of
 * the user's WIT in the work directory, with the WASI packages it lacks added to `deps/` and one
 * more world that includes the user's and adds the imports. The user's files are not touched, and
 * the checks and the report keep using the user's world.
 */
export async function augmentWorld(
  witPath: string,
  model: WorldModel,
  requires: readonly string[],
  workDir: string,
): Promise<AugmentedWorld | undefined> {
  const imported = new Set(model.imports.filter((i) => i.kind === 'interface').map((i) => i.name));
  const missing = [...new Set(requires)].filter((name) => !imported.has(name));
  if (!missing.length) return undefined;

  const dir = join(workDir, 'wit');
  await copyWitTree(witPath, dir);

  const deps = join(dir, 'deps');
  const present = await packageIds(deps);
  for (const name of await readdir(WASI_WIT)) {
    const source = join(WASI_WIT, name);
    if (!(await stat(source)).isDirectory()) continue;
    const ids = await packageIds(source);
    if ([...ids].every((id) => present.has(id))) continue;
    await copyWitTree(source, join(deps, `componentize-wasi-${name}`));
  }

  const world = `componentize-${model.name}`;
  // The new world joins the root package. When the user's world lives in another package (a
  // built-in world such as wasi:http/proxy sits in deps/), it is included by its full name.
  const rootPackages = await packageIds(dir, false);
  const [base, version] = model.package.split('@') as [string, string | undefined];
  const include =
    rootPackages.has(model.package) || !rootPackages.size
      ? model.name
      : `${base}/${model.name}${version ? `@${version}` : ''}`;
  const header = rootPackages.size ? [] : [`package ${model.package};`, ''];
  const text = [
    ...header,
    `world ${world} {`,
    `  include ${include};`,
    ...missing.map((name) => `  import ${name};`),
    '}',
    '',
  ].join('\n');
  await writeFile(join(dir, 'componentize-parity.wit'), text);
  return { witPath: dir, world };
}

/** `package ns:name@version;` declarations of the `.wit` files in `dir` (and below it, when `recursive`). */
async function packageIds(dir: string, recursive = true): Promise<Set<string>> {
  const names = recursive ? await witFilesUnder(dir) : await readdir(dir).catch(() => [] as string[]);
  const ids = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.wit'))) {
    const match = /^\s*package\s+([^;\s]+)\s*;/m.exec(await readFile(join(dir, name), 'utf8'));
    if (match) ids.add(match[1]!);
  }
  return ids;
}
