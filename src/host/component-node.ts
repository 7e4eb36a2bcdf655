import { access, constants } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { runtimeUnsupported } from '../errors.js';
import { canRunComponents } from './instantiate.js';

/**
 * A Node that can run components (JSPI and the newer Wasm features, by default from Node 24.20).
 * `path` is `process.execPath` when this Node can; otherwise another Node found on this machine.
 */
export interface ComponentNode {
  path: string;
  version: string;
  /** `this`: the running Node; `found`: another binary, run without this process's flags. */
  source: 'this' | 'found';
}

/** The first Node release that runs jco's output without flags. */
const MIN_VERSION = [24, 20] as const;

let found: Promise<ComponentNode | undefined> | undefined;

/**
 * The Node that verification runs in. Where this Node is too old (builds work from Node 20.6),
 * another one is looked for without downloading anything, in this order:
 *  1. the project's `node` package (`node_modules/node/bin/node`, from the working directory up):
 *     what `npm test` of a project pinning Node uses, so it is the Node the project means;
 *  2. each `node` on PATH, in PATH order.
 * Each candidate is asked its version (`--version`, ~30 ms); the first >= 24.20 wins. Looked up
 * once per process.
 */
export function componentNode(cwd: string = process.cwd()): Promise<ComponentNode | undefined> {
  if (canRunComponents()) return Promise.resolve({ path: process.execPath, version: process.version, source: 'this' });
  found ??= findComponentNode(cwd);
  return found;
}

async function findComponentNode(cwd: string): Promise<ComponentNode | undefined> {
  const binary = process.platform === 'win32' ? 'node.exe' : 'node';
  const candidates: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'node_modules', 'node', 'bin', binary));
    if (dirname(dir) === dir) break;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, binary));
  for (const path of new Set(candidates)) {
    // This very binary is asked too: it may run components without this process's flags (a
    // `--no-experimental-...` or a test that removes JSPI), and its version decides.
    if (
      !(await access(path, constants.X_OK).then(
        () => true,
        () => false,
      ))
    )
      continue;
    const { execa } = await import('../vendor/execa.js');
    const version = await execa(path, ['--version'], { reject: false, timeout: 5000, env: { NODE_OPTIONS: '' } }).then(
      (r) => (r.exitCode === 0 ? `${r.stdout}`.trim() : ''),
    );
    if (runsComponents(version)) return { path, version, source: 'found' };
  }
  return undefined;
}

/** `v24.21.0` → true; `v20.20.2`, `v24.19.1` → false. */
export function runsComponents(version: string): boolean {
  const m = /^v(\d+)\.(\d+)\./.exec(version);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > MIN_VERSION[0] || (major === MIN_VERSION[0] && minor >= MIN_VERSION[1]);
}

/** What the cache key records of the verifier: whether checks can run, not which binary ran them. */
export async function verifierCapability(cwd?: string): Promise<'jspi' | 'none'> {
  return (await componentNode(cwd)) ? 'jspi' : 'none';
}

/** `--verify <call>` where no Node can run the component: the check asked for cannot happen. */
export function verifyCallUnsupported(): Error {
  return runtimeUnsupported(
    `--verify needs Node >= 24.20 (JSPI) to call the component, and this is Node ${process.version}; no such Node was found in node_modules/node (from the working directory up) or on PATH`,
    {
      hint: 'Build with Node >= 24.20, install one (e.g. the `node` package: npm install -D node@24), or drop --verify.',
    },
  );
}
