import { parse } from 'acorn';
import type { Node } from 'acorn';

// acorn's ESTree types are loose unions; readers check `type` before every access.
export type AnyNode = Node & Record<string, any>;

/** The bundle's syntax tree, with line/column locations. */
export type BundleProgram = AnyNode & { body: AnyNode[] };

/** The last code parsed and its tree: the bundler's global scan, the checks and the glue read the same bundle. */
let last: { code: string; program: BundleProgram } | undefined;

/**
 * Parses the bundle once for every reader of it: the bundler's scan of the globals it reads, the
 * export check, the engine-limit scan and the parity layer (a large bundle takes acorn a
 * noticeable time: ~10 ms for a small npm package). The same code parsed again gets the same
 * tree, so readers must not change it.
 */
export function parseBundle(code: string): BundleProgram {
  if (last?.code === code) return last.program;
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as unknown as BundleProgram;
  last = { code, program };
  return program;
}
