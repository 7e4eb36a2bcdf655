import { createHash } from 'node:crypto';

/** Measurements kept per process: `compare` and `--watch` bundle the same code for several builds. */
const measured = new Map<string, Promise<Map<string, number>>>();
const KEPT = 32;

/**
 * Each polyfill's bytes as they are in a minified bundle: what it really costs, also in a bundle
 * that is not minified (its unminified text says little: comments, long names). The figures come
 * from the metafile of a minified run of the same esbuild pass (so tree-shaking, shared packages
 * counted once and the wrappers of CommonJS modules are as in the bundle), once per content:
 * `parts` is everything that run's output depends on.
 */
export function minifiedBytes(
  parts: readonly string[],
  measure: () => Promise<Map<string, number>>,
): Promise<Map<string, number>> {
  const key = createHash('sha256').update(parts.join('\0')).digest('hex');
  let bytes = measured.get(key);
  if (!bytes) {
    bytes = measure();
    // A failed run is not kept: the next build measures again.
    bytes.catch(() => measured.delete(key));
    measured.set(key, bytes);
    if (measured.size > KEPT) measured.delete(measured.keys().next().value!);
  }
  return bytes;
}
