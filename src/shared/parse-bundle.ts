import { parse } from 'acorn';
import type { Node } from 'acorn';

// acorn's ESTree types are loose unions; readers check `type` before every access.
export type AnyNode = Node & Record<string, any>;

/** The bundle's syntax tree, with line/column locations. */
export type BundleProgram = AnyNode & { body: AnyNode[] };

/**
 * Parses the bundle once for every reader of it: the export check, the engine-limit scan and the
 * parity layer (a large bundle takes acorn a noticeable time).
 */
export function parseBundle(code: string): BundleProgram {
  return parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as unknown as BundleProgram;
}
