import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineAdapter } from '../wit-dylib/adapter.js';

/**
 * Finds the engines by listing `engines/`: every folder there with an `index.js` exporting
 * `engine` is one. Adding an engine therefore means adding a folder, and no list elsewhere.
 * Engine modules import their heavy npm package lazily inside `build`, so loading all of them
 * here costs a few milliseconds.
 */
const ENGINES_DIR = new URL('./', import.meta.url);

let cached: Promise<readonly EngineAdapter[]> | undefined;

export function listEngines(): Promise<readonly EngineAdapter[]> {
  cached ??= loadEngines();
  return cached;
}

async function loadEngines(): Promise<readonly EngineAdapter[]> {
  const entries = await readdir(ENGINES_DIR, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const engines: EngineAdapter[] = [];
  for (const folder of folders) {
    const mod = (await import(new URL(`${folder}/index.js`, ENGINES_DIR).href)) as { engine?: EngineAdapter };
    if (!mod.engine) throw new Error(`engines/${folder}/index.js does not export \`engine\``);
    engines.push(mod.engine);
  }
  // Default engine first: it is the one `--help` and errors mention first.
  return engines.sort((a, b) => Number(b.name === DEFAULT_ENGINE) - Number(a.name === DEFAULT_ENGINE));
}

/** The engine used when none is named: small output and fast builds. */
export const DEFAULT_ENGINE = 'quickjs';

/** Finds an engine by name or alias, case-insensitively. */
export function findEngine(engines: readonly EngineAdapter[], name: string): EngineAdapter | undefined {
  const wanted = name.toLowerCase();
  return engines.find((e) => e.name === wanted || e.aliases.includes(wanted));
}

/** `quickjs (qjs), starlingmonkey (sm)`: how errors and help list the choices. */
export function describeEngineChoices(engines: readonly EngineAdapter[]): string {
  return engines.map((e) => (e.aliases.length ? `${e.name} (${e.aliases.join(', ')})` : e.name)).join(', ');
}

const versions = new Map<string, Promise<string>>();

/** The installed version of an npm package we depend on, for reports and cache keys (read once per process). */
export function packageVersion(packageName: string): Promise<string> {
  let version = versions.get(packageName);
  if (!version) versions.set(packageName, (version = readPackageVersion(packageName)));
  return version;
}

async function readPackageVersion(packageName: string): Promise<string> {
  // Resolve the package's main file, then walk up to its package.json: some packages do not
  // export `./package.json`.
  let dir = fileURLToPath(import.meta.resolve(packageName));
  for (let i = 0; i < 6; i++) {
    dir = dirname(dir);
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === packageName && pkg.version) return pkg.version;
    } catch {
      // not this directory
    }
  }
  return 'unknown';
}
