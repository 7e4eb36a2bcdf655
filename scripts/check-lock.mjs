#!/usr/bin/env node
import { execFile } from 'node:child_process';
// `npm run check:lock`: is every placeholder in package-lock.json still unpublished?
//
// npm writes `{ "optional": true }` (no version) for an optional platform package that the registry
// did not have when the lockfile was made. Once that package is published, `npm ci` resolves the
// placeholder and crashes with "Invalid Version:", on every clean machine, while a machine with a
// warm npm cache keeps installing. This check asks the registry itself, so CI fails on the day the
// registry changes, naming the package and the fix (`npm run lock`).
//
// Usage: node scripts/check-lock.mjs [--lockfile <path>] [--registry <url>]
// Exit 0: healthy; 1: a placeholder's package is published (or cannot be checked); 2: the registry
// could not be asked. Needs nothing installed (Node's fetch and child_process only).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** A placeholder entry: a package path with no version, no link and no resolved tarball. */
export function findPlaceholders(lock) {
  const packages = lock.packages ?? {};
  const found = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '' || entry.version || entry.link || entry.resolved) continue;
    const at = path.lastIndexOf('node_modules/');
    const name = path.slice(at + 'node_modules/'.length);
    const parentPath = at > 0 ? path.slice(0, at - 1) : '';
    const parent = packages[parentPath] ?? {};
    const spec = parent.optionalDependencies?.[name] ?? parent.dependencies?.[name] ?? parent.peerDependencies?.[name];
    found.push({ path, name, spec, requiredBy: parentPath === '' ? 'the root package' : (parent.name ?? parentPath) });
  }
  return found;
}

/**
 * Problems with the lockfile's placeholders, empty when healthy. The registry's document decides
 * exact versions (platform packages are pinned exactly); a range spec on a published package is
 * decided by npm itself (`npm view name@range`), since this script must run before anything (such
 * as a semver implementation) is installed.
 */
export async function checkLockfile({ lockfile = 'package-lock.json', registry, fetchImpl = fetch } = {}) {
  const lock = JSON.parse(await readFile(lockfile, 'utf8'));
  const base = (registry ?? (await configuredRegistry())).replace(/\/?$/, '/');
  const results = await Promise.all(
    findPlaceholders(lock).map(async (p) => {
      const published = await publishedVersions(base, p.name, fetchImpl);
      if (published.length === 0) return undefined;
      if (p.spec === undefined) return { ...p, reason: `${p.name} is now published and nothing names its version` };
      if (EXACT_VERSION.test(p.spec))
        return published.includes(p.spec) ? { ...p, reason: `${p.name}@${p.spec} is now published` } : undefined;
      const match = await npmResolves(base, p.name, p.spec);
      return match ? { ...p, reason: `${p.name}@${p.spec} is now published (${match})` } : undefined;
    }),
  );
  return results.filter(Boolean);
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(-[\w.-]+)?$/;

/** The newest version npm resolves `name@range` to on the registry, or undefined for none. */
async function npmResolves(base, name, range) {
  try {
    const { stdout } = await promisify(execFile)('npm', [
      'view',
      `${name}@${range}`,
      'version',
      '--json',
      '--prefer-online',
      '--registry',
      base,
    ]);
    const versions = [JSON.parse(stdout || '[]')].flat();
    return versions.at(-1);
  } catch (error) {
    if (/E404|No match found/.test(String(error.stdout ?? '') + String(error.stderr ?? ''))) return undefined;
    throw new RegistryError(`npm could not resolve ${name}@${range}: ${error.message}`);
  }
}

export function formatProblems(problems, what = 'package-lock.json') {
  const lines = problems.map((p) => `  - ${p.path}: ${p.reason} (optional dependency of ${p.requiredBy})`);
  return [
    `check:lock: ${what} has ${problems.length} stale placeholder${problems.length === 1 ? '' : 's'}; \`npm ci\` on a clean cache fails with "Invalid Version:".`,
    ...lines,
    'Run `npm run lock` to regenerate the lockfile, then `npm ci` and `npm test`.',
  ].join('\n');
}

/** The versions the registry lists for a package; empty when it has never been published. */
async function publishedVersions(base, name, fetchImpl) {
  const url = base + name.replace('/', '%2f');
  let response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/vnd.npm.install-v1+json' } });
  } catch (cause) {
    throw new RegistryError(`could not reach the registry for ${name}: ${cause.message}`);
  }
  if (response.status === 404) return [];
  if (!response.ok) throw new RegistryError(`the registry answered ${response.status} for ${name}`);
  const doc = await response.json();
  return Object.keys(doc.versions ?? {});
}

class RegistryError extends Error {}

async function configuredRegistry() {
  if (process.env.npm_config_registry) return process.env.npm_config_registry;
  const { stdout } = await promisify(execFile)('npm', ['config', 'get', 'registry']);
  return stdout.trim();
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if ((flag !== '--lockfile' && flag !== '--registry') || value === undefined) {
      throw new RegistryError(`usage: check-lock.mjs [--lockfile <path>] [--registry <url>] (got ${flag})`);
    }
    options[flag.slice(2)] = value;
  }
  return options;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const problems = await checkLockfile(options);
    if (problems.length > 0) {
      process.stderr.write(`${formatProblems(problems, options.lockfile)}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `check:lock: ${options.lockfile ?? 'package-lock.json'} is healthy (every placeholder is still unpublished)\n`,
      );
    }
  } catch (error) {
    process.stderr.write(`check:lock: ${error.message}\n`);
    process.exitCode = 2;
  }
}
