import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidOption, witNotFound } from '../errors.js';
import { copyWitTree, witFilesUnder } from './wit-tree.js';

/** WASI versions whose WIT ships in the package's `wit/` folder (`wit/wasi-<version>/deps/<package>/`). */
export const SHIPPED_WASI_VERSIONS = ['0.2.10', '0.2.12', '0.3.0'] as const;
export type WasiVersion = (typeof SHIPPED_WASI_VERSIONS)[number];

/** The shipped WIT directory of one WASI version: a root package that declares nothing, and `deps/`. */
export function shippedWasiDir(version: WasiVersion): string {
  return fileURLToPath(new URL(`../../wit/wasi-${version}/`, import.meta.url));
}

/** `--wit wasi:http/proxy@0.2.10`, split up. */
export interface BuiltinWorldName {
  namespace: string;
  package: string;
  world: string;
  version: string | undefined;
}

const BUILTIN_WORLD = /^([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(?:@(\d+\.\d+\.\d+))?$/;

/**
 * A package-qualified world given instead of a path (`wasi:http/proxy`, `wasi:cli/command@0.2.12`),
 * or undefined for anything else. No file path matches: `ns:pkg/world` has no dot, no second
 * slash and a name right after the colon (a Windows `c:/wit` has none).
 */
export function parseBuiltinWorldName(spec: string): BuiltinWorldName | undefined {
  const match = BUILTIN_WORLD.exec(spec);
  if (!match) return undefined;
  const [, namespace, pkg, world, version] = match as unknown as [string, string, string, string, string | undefined];
  return { namespace, package: pkg, world, version };
}

/**
 * `--wit wasi:http/proxy[@version]`: a world from the WASI WIT shipped with componentize, at the
 * version asked for or else `defaultVersion` (the one the engine targets).
 */
export function resolveBuiltinWorld(
  spec: string,
  world: string | undefined,
  defaultVersion: string,
  labels: { wit: string; world: string },
): { wit: string; world: string } | undefined {
  const witLabel = labels.wit;
  const worldLabel = labels.world;
  const name = parseBuiltinWorldName(spec);
  if (!name) return undefined;
  const shipped = SHIPPED_WASI_VERSIONS.join(', ');
  if (name.namespace !== 'wasi') {
    throw witNotFound(
      `${witLabel}: "${spec}" names a world of package ${name.namespace}:${name.package}, and only WASI worlds ship with componentize`,
      {
        hint: `Pass a WIT file or directory, or a WASI world such as wasi:http/proxy or wasi:cli/command (versions ${shipped}).`,
      },
    );
  }
  const version = name.version ?? defaultVersion;
  if (!isShippedWasiVersion(version)) {
    throw witNotFound(`${witLabel}: WASI ${version} does not ship with componentize`, {
      hint: `Shipped versions: ${shipped}.`,
    });
  }
  if (world !== undefined) {
    throw invalidOption(
      `${worldLabel} cannot be combined with the built-in world ${spec}, which names its world itself`,
      { hint: `Drop ${worldLabel}.` },
    );
  }
  const worldName = RENAMED_WORLDS[`${version}:${name.package}/${name.world}`] ?? name.world;
  return { wit: shippedWasiDir(version), world: `${name.namespace}:${name.package}/${worldName}@${version}` };
}

/**
 * Worlds WASI renamed between versions, by `version:package/old-name`: in 0.3.0 the HTTP world
 * is `wasi:http/service` (export `handler`), the successor of 0.2's `wasi:http/proxy`, so
 * `--wit wasi:http/proxy@0.3.0` means it.
 */
const RENAMED_WORLDS: Record<string, string> = { '0.3.0:http/proxy': 'service' };

/** Whether a version of WASI WIT ships with componentize. */
export function isShippedWasiVersion(version: string): version is WasiVersion {
  return (SHIPPED_WASI_VERSIONS as readonly string[]).includes(version);
}

/** `wasi:http@0.2.10`-style references to WASI packages in a piece of WIT text. */
const WASI_REFERENCE = /\bwasi:([a-z][a-z0-9-]*)(?:\/[a-z][a-z0-9-]*)?@(\d+\.\d+\.\d+)/g;

/**
 * A user's WIT that names WASI packages (`include wasi:http/proxy@0.2.10;`, `export
 * wasi:http/incoming-handler@0.2.10;`) but has no `deps/` for them gets them from the shipped WIT:
 * the result is a copy of the user's WIT in `workDir` with the missing packages (and the packages
 * they use, which are all of the version's) added to `deps/`. The user's files are not touched.
 * Returns undefined when nothing is missing or the version is not shipped (then the reference
 * parser's "package not found" error is the right message).
 */
export async function withShippedWasiDeps(witPath: string, workDir: string): Promise<string | undefined> {
  const isDir = (await stat(witPath)).isDirectory();
  const rootFiles = isDir
    ? (await readdir(witPath)).filter((n) => n.endsWith('.wit')).map((n) => join(witPath, n))
    : [witPath];
  const wanted = new Set<string>();
  for (const file of rootFiles) {
    for (const match of (await readFile(file, 'utf8')).matchAll(WASI_REFERENCE)) wanted.add(`${match[1]}@${match[2]}`);
  }
  if (!wanted.size) return undefined;
  const deps = isDir ? join(witPath, 'deps') : undefined;
  const present = deps ? await declaredPackages(deps) : new Set<string>();
  const missing = [...wanted].filter((id) => !present.has(`wasi:${id}`));
  const versions = new Set(missing.map((id) => id.split('@')[1]!).filter(isShippedWasiVersion));
  if (!versions.size) return undefined;

  const dir = join(workDir, 'wit-with-wasi');
  await copyWitTree(witPath, dir);
  for (const version of versions) {
    const shippedDeps = join(shippedWasiDir(version), 'deps');
    for (const name of await readdir(shippedDeps)) {
      if (present.has(`wasi:${name}@${version}`)) continue;
      await copyWitTree(join(shippedDeps, name), join(dir, 'deps', `componentize-wasi-${name}-${version}`));
    }
  }
  return dir;
}

/** `package ns:name@version;` declarations of every `.wit` file under `dir`. */
export async function declaredPackages(dir: string): Promise<Set<string>> {
  const names = await witFilesUnder(dir);
  const ids = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.wit'))) {
    const match = /^\s*package\s+([^;\s]+)\s*;/m.exec(await readFile(join(dir, name), 'utf8'));
    if (match) ids.add(match[1]!);
  }
  return ids;
}
