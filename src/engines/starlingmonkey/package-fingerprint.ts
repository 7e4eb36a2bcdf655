import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@bytecodealliance/componentize-js';

/**
 * What the build cache must see of the engine package beyond its version: the content of its
 * orchestration module, so a locally changed package (same version number) gives another key.
 */
export async function enginePackageFingerprint(): Promise<string> {
  const file = fileURLToPath(import.meta.resolve(PACKAGE));
  return createHash('sha256')
    .update(await readFile(file).catch(() => 'no engine file'))
    .digest('hex')
    .slice(0, 16);
}
