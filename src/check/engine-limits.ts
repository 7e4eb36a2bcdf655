import type { SourceMapPayload } from 'node:module';
import { POLYFILLED_GLOBALS } from '../bundle/globals/polyfills.js';
import { enginesWhere } from '../engines/registry.js';
import { type BuildWarning, engineUnsupported, type SourceLocation } from '../errors.js';
import { globalReads } from '../js/free-globals.js';
import type { AnyNode, BundleProgram } from '../js/parse-bundle.js';
import { originalPositions } from '../js/source-map.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';

/** Calls whose value, taken while the Wizer snapshot runs the module's top level, is the same in every instance. */
const FROZEN_CALLS = new Set([
  'Date.now',
  'Math.random',
  'performance.now',
  'crypto.getRandomValues',
  'crypto.randomUUID',
]);
const MAX_PER_KIND = 5;

/**
 * What the bundle asks of the engine that no polyfill can give, found in its syntax tree and
 * reported at the user's file:line (through the bundle's source map) before the engine runs:
 * - a `\p{...}` regex literal on an engine without Unicode property escapes: an error (the
 *   engine would reject the whole bundle with a message that names no line);
 * - globals the engine lacks and no polyfill adds (none today: every missing one is filled), read as `X`,
 *   `globalThis.X` or `self.X`, and a `new RegExp('\\p{...}')` on engines without Unicode
 *   property escapes (literals are rewritten while bundling): warnings (they throw when reached);
 * - reading the clock or randomness in top-level code: a warning on every engine, since the
 *   snapshot keeps the value that was read at build time.
 */
export function checkEngineLimits(program: BundleProgram, locator: string, engine: EngineAdapter): BuildWarning[] {
  const locate = locationsFrom(locator);
  const warnings: BuildWarning[] = [];
  const counts = new Map<string, number>();
  const add = (kind: string, node: AnyNode, warning: Omit<BuildWarning, 'location'>) => {
    const n = counts.get(kind) ?? 0;
    counts.set(kind, n + 1);
    const location = locate(node);
    // Our own additions (polyfills, parity code) have no user source; only user code is reported.
    if (n < MAX_PER_KIND && location) warnings.push({ ...warning, location });
  };
  // Globals the engine lacks and no polyfill adds: using them throws a ReferenceError.
  const unfilled = new Set<string>(engine.missingGlobals.filter((g) => !POLYFILLED_GLOBALS.includes(g)));
  const lacks = new Set(engine.lacks);

  // Globals the engine lacks and no polyfill adds, read any way (`X`, `globalThis.X`, `self.X`;
  // `typeof X` is feature detection, which works without the global).
  for (const read of globalReads(program)) {
    if (unfilled.has(read.name) && !read.typeofGuard) {
      add(read.name, read.node, {
        code: 'ENGINE_LIMIT',
        message: `\`${read.name}\` does not exist on ${engine.name} (no polyfill is added): this code throws when it runs`,
      });
    }
  }

  walk(program, 0, (node, depth) => {
    if (
      node.type === 'Literal' &&
      node.regex &&
      /\\[pP]\{/.test(node.regex.pattern) &&
      /[uv]/.test(node.regex.flags) &&
      lacks.has('unicode-property-escapes')
    ) {
      throw engineUnsupported(
        `${engine.name} has no Unicode property escapes: /${node.regex.pattern}/${node.regex.flags} cannot be compiled`,
        {
          location: locate(node),
          hint: `Spell the character class out (e.g. [A-Za-z\\u00C0-\\u024F])${orEngine(
            enginesWhere((e) => !e.lacks.includes('unicode-property-escapes')),
            'supports \\p{...}',
          )}.`,
        },
      );
    }
    if (
      (node.type === 'NewExpression' || node.type === 'CallExpression') &&
      node.callee.type === 'Identifier' &&
      node.callee.name === 'RegExp' &&
      lacks.has('unicode-property-escapes')
    ) {
      const pattern = node.arguments[0];
      const text =
        pattern?.type === 'Literal'
          ? String(pattern.value)
          : pattern?.type === 'TemplateLiteral'
            ? pattern.quasis.map((q: AnyNode) => q.value.cooked).join('')
            : '';
      if (/\\[pP]\{/.test(text)) {
        add('RegExp', node, {
          code: 'ENGINE_LIMIT',
          message: `${engine.name} has no Unicode property escapes: this \`RegExp\` is built at run time from a pattern with \\p{...}, which cannot be rewritten at build time and throws a SyntaxError when it runs; write it as a regex literal`,
        });
      }
    }
    if (
      depth === 0 &&
      (node.type === 'CallExpression' || (node.type === 'NewExpression' && node.arguments.length === 0))
    ) {
      const name =
        node.type === 'NewExpression' ? (node.callee.name === 'Date' ? 'new Date' : '') : calleeName(node.callee);
      if (FROZEN_CALLS.has(name) || name === 'new Date') {
        add('frozen', node, {
          code: 'FROZEN_AT_BUILD',
          message: `\`${name}()\` runs in top-level code, which runs once, at build time, when the snapshot is taken: every instance sees the value it had then. Call it inside the function that needs it.`,
        });
      }
    }
  });
  // In the order of the user's code, whichever scan found them.
  return warnings.sort((a, b) => (a.location!.file === b.location!.file ? a.location!.line - b.location!.line : 0));
}

function calleeName(callee: AnyNode): string {
  return callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier'
    ? `${callee.object.name}.${callee.property.name}`
    : '';
}

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'MethodDefinition',
  'PropertyDefinition',
  'StaticBlock',
]);

/** Visits every node; `depth` counts the functions around it (0: top-level code, run at build time). */
function walk(
  node: AnyNode,
  depth: number,
  visit: (node: AnyNode, depth: number, parent: AnyNode | undefined) => void,
  parent?: AnyNode,
): void {
  visit(node, depth, parent);
  const inner = FUNCTION_TYPES.has(node.type) ? depth + 1 : depth;
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') walk(child, inner, visit, node);
    } else if (value && typeof value === 'object' && typeof value.type === 'string') {
      walk(value, inner, visit, node);
    }
  }
}

/** Where a node of the bundle lies in the user's files, through the bundle's source map (`locator`). */
export function locationsFrom(locator: string): (node: AnyNode) => SourceLocation | undefined {
  const original = originalPositions(JSON.parse(locator) as SourceMapPayload);
  return (node) => {
    const start = node.loc?.start as { line: number; column: number } | undefined;
    const location = start && original(start.line - 1, start.column);
    // Our own additions (polyfills) are not the user's to fix.
    return location && !location.file.startsWith('componentize-polyfill:') ? location : undefined;
  };
}

/** `, or use --engine x, which <does>` for the first engine that can, or nothing. */
function orEngine(capable: readonly string[], does: string): string {
  return capable.length ? `, or use --engine ${capable[0]}, which ${does}` : '';
}
