import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { engineUnsupported } from '../errors.js';
import { moduleImports } from '../js/module-imports.js';
import { copyWitTree } from '../wit/wit-tree.js';
import type { WorldItem } from '../wit/world.js';
import type { EngineWorld } from '../wit-dylib/adapter.js';

/**
 * For engines whose snapshot step cannot link an imported `async func` (see
 * `asyncImportsAtSnapshot`): the engine's view of the world without the interfaces that hold async
 * imports the bundle does not import. A component may import less than its world, so the result
 * still targets the user's world (WASI 0.3's `wasi:http/service` imports `wasi:http/client` and
 * `wasi:clocks/monotonic-clock`, whose `send` and `wait-for` are async, and a handler that uses
 * neither builds). An async function of an interface the bundle does use is an error here, before
 * the engine runs. Async resource functions link (measured: `wasi:filesystem@0.3.0`'s descriptor,
 * all of whose methods but four are async, builds and runs; WASI 0.3 has no async statics, and a
 * user world's are taken as methods, untested), so an interface the bundle uses stays in the
 * world whatever its resources. Worlds with imports or exports of bare functions are left as
 * they are: their signatures would have to be printed back as WIT.
 */
export async function withoutUnusedAsyncImports(
  input: EngineWorld,
  workDir: string,
  engineName: string,
): Promise<EngineWorld> {
  const asyncImports = input.model.imports.filter(hasAsyncFunction);
  if (!asyncImports.length) return input;
  const used = bundleImports(input.code);
  const needed = asyncImports.filter((item) => used.has(item.name) || used.has(item.name.split('@')[0]!));
  const refused = needed.filter(hasAsyncFreeFunction);
  if (refused.length) {
    const names = refused.map((item) => `\`${item.name}\``).join(', ');
    throw engineUnsupported(
      `${engineName} cannot build a component that imports an \`async func\` (the bundle imports ${names}): its snapshot step links imports with sync stubs, which an async import does not accept`,
      {
        hint: 'Call the interface from a world built with another engine, or leave the import out of the code.',
      },
    );
  }
  const items = [...input.model.imports, ...input.model.exports];
  if (items.some((item) => item.kind !== 'interface')) return input;

  const dropped = new Set(asyncImports.filter((item) => !needed.includes(item)).map((item) => item.name));
  if (!dropped.size) return input;
  const dir = join(workDir, 'wit-sync-imports');
  await copyWitTree(input.witPath, dir);
  const rootPackage = await rootPackageId(dir);
  const name = 'componentize-sync-imports';
  const imports = input.model.imports.filter((item) => !dropped.has(item.name));
  const text = [
    ...(rootPackage ? [] : [`package ${input.model.package};`, '']),
    `// componentize: ${input.world ?? input.model.name} without the unused async imports ${[...dropped].join(', ')}`,
    `world ${name} {`,
    ...imports.map((item) => `  import ${item.name};`),
    ...input.model.exports.map((item) => `  export ${item.name};`),
    '}',
    '',
  ].join('\n');
  await writeFile(join(dir, `${name}.wit`), text);
  return {
    ...input,
    witPath: dir,
    world: name,
    model: { ...input.model, package: rootPackage ?? input.model.package, name, imports },
  };
}

/** An imported function that is an `async func`, or an interface with one (not counting resource methods). */
function hasAsyncFreeFunction(item: WorldItem): boolean {
  if (item.kind === 'function') return item.function.async;
  return item.kind === 'interface' && item.interface.functions.some((fn) => fn.async);
}

/** An imported interface with an `async func`, a function or a resource method. */
function hasAsyncFunction(item: WorldItem): boolean {
  if (item.kind === 'function') return item.function.async;
  if (item.kind !== 'interface') return false;
  if (item.interface.functions.some((fn) => fn.async)) return true;
  return item.interface.types.some(
    (def) => def.kind === 'resource' && [...def.methods, ...def.statics].some((fn) => fn.async),
  );
}

/** The module specifiers the bundle imports (`wasi:http/client@0.3.0`). */
function bundleImports(code: string): Set<string> {
  return new Set(moduleImports(code).map((i) => i.specifier));
}

/** The `package` the root `.wit` files of `dir` declare, if any. */
async function rootPackageId(dir: string): Promise<string | undefined> {
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.wit'))) {
    const match = /^\s*package\s+([^;\s]+)\s*;/m.exec(await readFile(join(dir, name), 'utf8'));
    if (match) return match[1];
  }
  return undefined;
}
