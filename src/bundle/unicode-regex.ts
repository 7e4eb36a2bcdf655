import { createRequire } from 'node:module';
import type rewritePatternType from 'regexpu-core';
import { type AnyNode, parseBundle } from '../js/parse-bundle.js';

// regexpu-core is CommonJS with a default-export type declaration. Loaded only when a bundle
// has a property escape: it and its Unicode tables are a dozen modules every other build skips.
let rewritePatternLoaded: typeof rewritePatternType | undefined;
const rewritePattern: typeof rewritePatternType = (...args) =>
  (rewritePatternLoaded ??= createRequire(import.meta.url)('regexpu-core') as typeof rewritePatternType)(...args);

const PROPERTY_ESCAPE = /\\[pP]\{/;

/**
 * Rewrites regex literals that use Unicode property escapes (`/\p{L}/u`) into equivalent
 * character classes, for engines that cannot compile `\p{...}` (regexpu-core, the rewrite Babel
 * and jco use; flags are kept, so `u` semantics stay). Literals are replaced in place; a rewritten
 * literal is longer, so positions later on its own line move (the source map is not adjusted for
 * that: a minified one-line bundle maps less exactly after a rewrite).
 * `new RegExp(string)` patterns cannot be rewritten here: check/engine-limits.ts reports them.
 */
export function rewriteUnicodePropertyEscapes(code: string): { code: string; rewritten: number } {
  if (!PROPERTY_ESCAPE.test(code)) return { code, rewritten: 0 };
  const literals: AnyNode[] = [];
  const visit = (node: AnyNode): void => {
    if (
      node.type === 'Literal' &&
      node.regex &&
      PROPERTY_ESCAPE.test(node.regex.pattern) &&
      /[uv]/.test(node.regex.flags)
    )
      literals.push(node);
    for (const key of Object.keys(node)) {
      if (key === 'loc') continue;
      const value = node[key];
      if (Array.isArray(value)) for (const child of value) child && typeof child.type === 'string' && visit(child);
      else if (value && typeof value === 'object' && typeof value.type === 'string') visit(value);
    }
  };
  visit(parseBundle(code));
  let out = '';
  let at = 0;
  for (const literal of literals.sort((a, b) => a.start - b.start)) {
    const { pattern, flags } = literal.regex as { pattern: string; flags: string };
    const replaced = rewritePattern(pattern, flags, {
      unicodePropertyEscapes: 'transform',
      unicodeSetsFlag: 'transform',
    });
    // `v` was transformed to `u` semantics along with the escapes.
    out += `${code.slice(at, literal.start)}/${replaced}/${flags.replace('v', 'u')}`;
    at = literal.end;
  }
  return { code: out + code.slice(at), rewritten: literals.length };
}
