import type { Node } from 'acorn';
import { acorn, acornParsed } from './acorn-code-cache.js';
import { moduleImports } from './module-imports.js';

// acorn's ESTree types are loose unions; readers check `type` before every access.
// biome-ignore lint/suspicious/noExplicitAny: a node whose fields are read after checking its `type`
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
  const program = parse(code);
  last = { code, program };
  return program;
}

/**
 * The bundle's tree without what lies before `start` (the polyfills componentize put in front of
 * the user's module, see bundle/bundle.ts `userStart`), but for its static imports: acorn reads
 * those statements and the code from `start` on, with everything else blanked to spaces (line
 * breaks kept), so every position is the bundle's own. On a polyfilled HTTP handler this is
 * ~5 kB to parse instead of ~0.2 MB (~0.2 s of acorn). The checks and the glue read only the
 * user's code and the module's imports and exports. Where the cut is not between statements,
 * the whole bundle is parsed.
 */
export function parseBundleFrom(code: string, start: number): BundleProgram {
  if (start <= 0) return parseBundle(code);
  const kept = moduleImports(code)
    .map((i) => i.statement)
    .filter((s) => s.end <= start);
  let text = '';
  let at = 0;
  for (const statement of [...kept, { start, end: code.length }]) {
    text +=
      code.slice(at, statement.start).replace(/[^\n\r\u2028\u2029]/g, ' ') + code.slice(statement.start, statement.end);
    at = statement.end;
  }
  try {
    return parse(text);
  } catch {
    return parseBundle(code);
  }
}

function parse(code: string): BundleProgram {
  const program = acorn().parse(code, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    locations: true,
  }) as unknown as BundleProgram;
  acornParsed();
  return program;
}

/**
 * Where the bundle nests too deeply for acorn (an array literal ~1,000 levels deep: "Not enough
 * stack space to parse input"), 0-based line and column as source maps count; undefined for any
 * other error. The user's code, so the caller maps it to their file and reports it as theirs.
 */
export function nestingTooDeep(error: unknown): { line: number; column: number } | undefined {
  if (!(error instanceof SyntaxError) || !/stack space/i.test(error.message)) return undefined;
  const loc = (error as SyntaxError & { loc?: { line: number; column: number } }).loc;
  return loc ? { line: loc.line - 1, column: loc.column } : { line: 0, column: 0 };
}
