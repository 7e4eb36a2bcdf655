import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Wasm tools that run under `@bytecodealliance/preview2-shim` (jco-transpile's wasm-tools,
 * componentize-js's splicer) read files through the shim's WASI filesystem. Shim 0.26 starts
 * with no preopened directories, so every path fails with "failed to get path metadata (os error
 * 44)"; 0.25 preopens `/`. Which copy a tool gets depends on how npm hoisted the tree, so we grant
 * access explicitly, on the very copy that `packageName` resolves.
 *
 * The tools read the preopen list once, at their first filesystem call, and never again: a
 * directory added later stays invisible. So we grant the filesystem root, once, before the first
 * call. These are our own pinned tools reading the user's WIT and bundle; the sandbox that matters
 * is the built component's, which this does not touch.
 */
interface ShimFilesystem {
  _addPreopen(virtualPath: string, hostPath: string): void;
  _getPreopens?(): Array<[unknown, string]>;
}

const granted = new Set<string>();

export async function grantShimAccess(packageName: string): Promise<void> {
  const fromPackage = createRequire(fileURLToPath(import.meta.resolve(packageName)));
  const shimPath = fromPackage.resolve('@bytecodealliance/preview2-shim/filesystem');
  if (granted.has(shimPath)) return;
  const shim = (await import(pathToFileURL(shimPath).href)) as ShimFilesystem;
  const present = (shim._getPreopens?.() ?? []).some(([, virtualPath]) => virtualPath === '/');
  if (!present) shim._addPreopen('/', '/');
  granted.add(shimPath);
}
