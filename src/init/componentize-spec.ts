import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BuildWarning } from '../errors.js';
import { PACKAGE_ROOT } from '../toolchain/package-root.js';

/** The `componentize` devDependency init writes, and a warning when it will not install as it is. */
export interface ComponentizeSpec {
  spec: string;
  /** `given`: --componentize-spec; `local`: the clone or tarball this CLI runs from; `registry`: a version range. */
  from: 'given' | 'local' | 'registry';
  warning?: BuildWarning;
}

/**
 * The spec of the new project's `componentize` devDependency. npm reads a path in package.json
 * from the project's directory, not from where init ran: a path given (`../c/componentize.tgz`)
 * becomes a `file:` spec that names the same file from `projectDir`. Without a spec, the package
 * this CLI runs from when it is a local clone or was installed from a tarball; else `^<version>`,
 * with a warning when this package cannot be on the registry (it is private).
 */
export function componentizeSpec(
  given: string | undefined,
  projectDir: string,
  cwd: string,
  own: { version: string; private: boolean },
  root = PACKAGE_ROOT,
): ComponentizeSpec {
  if (given !== undefined) return { spec: fromPath(given, projectDir, cwd) ?? given, from: 'given' };
  const local = localPackage(root);
  if (local) return { spec: fileSpec(local, projectDir, false), from: 'local' };
  const spec = `^${own.version}`;
  if (!own.private) return { spec, from: 'registry' };
  return {
    spec,
    from: 'registry',
    warning: {
      code: 'NOT_ON_REGISTRY',
      message: `componentize is not on the npm registry, so npm install will not find ${spec}: pass --componentize-spec with a tarball from \`npm pack\`, a path to a clone or a git URL`,
    },
  };
}

/** A spec npm takes as a path (its own rules: `./`, `../`, `/`, `~/`, `file:`, or a tarball's name), as a `file:` spec from `projectDir`. */
function fromPath(spec: string, projectDir: string, cwd: string): string | undefined {
  const path = spec.startsWith('file:') ? spec.slice('file:'.length) : spec;
  const looksLikePath =
    spec.startsWith('file:') ||
    /^(?:\.{1,2}(?:[/\\]|$)|[/\\]|~[/\\])/.test(spec) ||
    /\.(?:tgz|tar\.gz|tar)$/.test(spec);
  if (!looksLikePath || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return undefined;
  const home = process.env.HOME ?? '';
  const absolute = path.startsWith('~/') && home ? join(home, path.slice(2)) : resolve(cwd, path);
  return fileSpec(absolute, projectDir, !isAbsolute(path));
}

/** `file:` and the path, from `projectDir` when the user wrote a relative one (`/` separated), else absolute. */
function fileSpec(absolute: string, projectDir: string, relativeWanted: boolean): string {
  if (!relativeWanted) return `file:${absolute}`;
  const rel = relative(projectDir, absolute).split(sep).join('/');
  return `file:${rel === '' ? '.' : rel}`;
}

/**
 * The package this CLI runs from, when a new project can install it again: a clone (its root is
 * in no node_modules directory), or a tarball an installation recorded in its lockfile
 * (`resolved: "file:..."`), which npm keeps in `node_modules/.package-lock.json` (npx: the
 * lockfile beside that node_modules). Anything less certain gives undefined.
 */
export function localPackage(root: string): string | undefined {
  const parts = root.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return existsSync(join(root, 'package.json')) ? root : undefined;
  const modules = parts.slice(0, at + 1).join(sep);
  const key = parts.slice(at).join('/');
  const project = dirname(modules);
  for (const lockfile of [join(modules, '.package-lock.json'), join(project, 'package-lock.json')]) {
    const resolved = lockedResolved(lockfile, key);
    if (!resolved?.startsWith('file:')) continue;
    const path = resolve(project, resolved.slice('file:'.length));
    if (/\.(?:tgz|tar\.gz|tar)$/.test(path) && existsSync(path)) return path;
  }
  return undefined;
}

function lockedResolved(lockfile: string, key: string): string | undefined {
  try {
    const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages?: Record<string, { resolved?: string }> };
    return lock.packages?.[key]?.resolved;
  } catch {
    return undefined;
  }
}
