import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { packageVersion } from '../../shared/package-version.js';

/**
 * componentize-js runs the JavaScript bindings it generates without a way to change them, and two
 * of their lines return wrong values (bindings-fix.ts). We patch the package with patch-package
 * (patches/@bytecodealliance+componentize-js+0.23.0.patch): the patch adds one hook option,
 * `transformBindings`, and the fix itself stays in our code, where it is tested.
 *
 * Why a patch and not our own copy of `componentize()`: reimplementing its orchestration
 * (splicing, the environment protocol between it and the StarlingMonkey runtime, Wizer and weval
 * invocations, the init check, WASI stubbing) would mean owning ~300 lines tied to the engine's
 * internals, including a weval path this machine cannot test; the hook is 4 lines.
 * Why `prepare` applies it (not `postinstall`): npm 11 runs only the root package's own scripts,
 * and `prepare` runs on `npm ci`/`npm install` in a clone but not when componentize is installed
 * as a tarball or from a registry; there, componentize-js may be hoisted out of our reach, so
 * the build below says so instead of building wrong values silently.
 */
export const PATCHED_PACKAGE = '@bytecodealliance/componentize-js';
export const PATCHED_VERSION = '0.23.0';
const PATCH = fileURLToPath(new URL(`../../../patches/@bytecodealliance+componentize-js+${PATCHED_VERSION}.patch`, import.meta.url));
const MARKER = 'opts.transformBindings';

function patchedFile(): string {
  return fileURLToPath(import.meta.resolve(PATCHED_PACKAGE));
}

/** Fails, naming what to do, unless the installed componentize-js is the patched exact version. */
export async function assertEnginePatched(): Promise<void> {
  const version = await packageVersion(PATCHED_PACKAGE);
  if (version !== PATCHED_VERSION) {
    throw new Error(`${PATCHED_PACKAGE} ${version} is installed, but componentize's patch is for ${PATCHED_VERSION} exactly: install ${PATCHED_VERSION} (npm ci), or port patches/ to ${version}`);
  }
  const source = await readFile(patchedFile(), 'utf8');
  if (!source.includes(MARKER)) {
    throw new Error(`${PATCHED_PACKAGE} ${version} at ${patchedFile()} is not patched: run \`npx patch-package\` in the componentize checkout (npm ci does it through the \`prepare\` script)`);
  }
}

/**
 * What the build cache must see of the engine package beyond its version: the patch and the
 * patched file. A locally changed or unpatched package gives another key.
 */
export async function enginePatchFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(PATCH).catch(() => 'no patch file'));
  hash.update(await readFile(patchedFile()).catch(() => 'no engine file'));
  return hash.digest('hex').slice(0, 16);
}
