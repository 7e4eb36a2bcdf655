import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Wasm tools that run under `@bytecodealliance/preview2-shim` (jco-transpile's wasm-tools,
 * componentize-js's splicer) read files through the shim's WASI filesystem. Shim 0.26 starts
 * with no preopened directories, so every path fails with "failed to get path metadata (os error
 * 44)"; 0.25 preopens `/`. Which copy a tool gets depends on how npm hoisted the tree, so we grant
 * access explicitly, on the very copy that `packageName` resolves, to just the directories the
 * tool must read. Each directory is preopened at its own absolute path, so absolute host paths
 * work unchanged inside the tool.
 */
interface ShimFilesystem {
  _addPreopen(virtualPath: string, hostPath: string): void;
  _getPreopens?(): Array<[unknown, string]>;
}

export async function grantShimAccess(packageName: string, directories: readonly string[]): Promise<void> {
  const fromPackage = createRequire(fileURLToPath(import.meta.resolve(packageName)));
  const shimPath = fromPackage.resolve('@bytecodealliance/preview2-shim/filesystem');
  const shim = (await import(pathToFileURL(shimPath).href)) as ShimFilesystem;
  const granted = new Set((shim._getPreopens?.() ?? []).map(([, virtualPath]) => virtualPath));
  for (const dir of directories) {
    if (!granted.has(dir)) shim._addPreopen(dir, dir);
  }
}
