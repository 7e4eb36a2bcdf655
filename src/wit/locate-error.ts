import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SourceLocation } from '../errors.js';
import { escapeRegExp } from '../js/escape-regexp.js';

/**
 * The WIT parser inside jco's wasm-tools knows where an error is but only prints the message:
 * `expected ';', found keyword `export``. We recover the position ourselves:
 *
 * - Syntax errors: parse each file alone and find the shortest prefix of it that fails with the
 *   same message. The parser stops at the first error, so that prefix ends inside the offending
 *   token; shorter prefixes fail differently (at end of input). Binary search: ~7 parses of
 *   ~1 ms each per file.
 * - Name errors (`name `strin` does not exist`, `package 'wasi:cli@0.2.3' not found`): the first
 *   use of that name outside comments.
 */
export type ParseSource = (source: string) => Promise<string | undefined>;

export interface LocatedWitError {
  /** The parser's message; for a directory, the real one behind "failed to parse package". */
  message: string;
  location: SourceLocation | undefined;
}

export async function locateWitError(
  message: string,
  witPath: string,
  isDir: boolean,
  parse: ParseSource,
  cwd: string,
): Promise<LocatedWitError> {
  const files = isDir ? await witFiles(witPath) : [witPath];
  const texts = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  const display = (file: string) => relative(cwd, file) || file;

  const name = nameInMessage(message);
  if (name) {
    for (const { file, text } of texts) {
      const offset = findName(text, name);
      if (offset !== undefined) return { message, location: toLocation(display(file), text, offset) };
    }
    return { message, location: undefined };
  }
  // Reading a directory, wasm-tools reports only "failed to parse package: <dir>"; parsed alone,
  // the broken file gives the real message. Name errors alone do not count: a file that uses
  // another file's types cannot resolve them by itself.
  const generic = /^failed to parse package/.test(message);
  for (const { file, text } of texts) {
    const own = await parse(text);
    if (
      own === undefined ||
      (generic ? nameInMessage(own) !== undefined || /package` header/.test(own) : own !== message)
    )
      continue;
    const end = await shortestFailingPrefix(text, own, parse);
    return { message: own, location: toLocation(display(file), text, tokenStart(text, end - 1)) };
  }
  return { message, location: undefined };
}

/**
 * Where a world item or function is declared in the user's WIT: `greet-later: async func`,
 * `export types;`. Used to point checks at the line to change.
 */
export async function locateDeclaration(
  name: string,
  witPath: string,
  isDir: boolean,
  cwd: string,
): Promise<SourceLocation | undefined> {
  const files = isDir ? await witFiles(witPath) : [witPath];
  const escaped = escapeRegExp(name);
  const patterns = [
    new RegExp(`(?<![A-Za-z0-9_-])%?${escaped}\\s*:\\s*(?:static\\s+)?(?:async\\s+)?(?:func|interface)\\b`),
    new RegExp(`\\b(?:import|export)\\s+%?${escaped}\\s*;`),
  ];
  for (const pattern of patterns) {
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const blanked = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
      const match = pattern.exec(blanked);
      if (match) {
        const offset = match.index + match[0].search(new RegExp(`%?${escaped}`));
        return toLocation(relative(cwd, file) || file, text, offset);
      }
    }
  }
  return undefined;
}

/** `.wit` files of a package directory (its own, not those under `deps/`), sorted. */
async function witFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.wit'))
    .map((e) => join(dir, e.name))
    .sort();
}

async function shortestFailingPrefix(text: string, message: string, parse: ParseSource): Promise<number> {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((await parse(text.slice(0, mid))) === message) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Back from the prefix's last character to the start of the word it is in (`export`, `strin`). */
function tokenStart(text: string, index: number): number {
  let i = index;
  while (i > 0 && /[A-Za-z0-9_-]/.test(text[i - 1]!) && /[A-Za-z0-9_-]/.test(text[i]!)) i--;
  return i;
}

const NAME_PATTERNS = [
  /^name `([^`]+)` does not exist/,
  /^interface or world `([^`]+)` does not exist/,
  /^package '([^']+)' not found/,
  /^interface '([^']+)' not found in package/,
  /^type `([^`]+)` does not exist/,
];

function nameInMessage(message: string): string | undefined {
  for (const pattern of NAME_PATTERNS) {
    const match = pattern.exec(message);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/**
 * Offset of the first use of `name` as a whole word, outside `//` and block comments. A package
 * name like `wasi:cli@0.2.3` is written `wasi:cli/iface@0.2.3` where it is used, so the package
 * part and the version are matched with anything between them.
 */
function findName(text: string, name: string): number | undefined {
  const blanked = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
  const pkg = /^([a-z0-9-]+:[a-z0-9-]+)@(.+)$/.exec(name);
  const pattern = pkg
    ? new RegExp(
        `${escapeRegExp(pkg[1]!)}/[a-z0-9-]+(?:@${escapeRegExp(pkg[2]!)})?|${escapeRegExp(pkg[1]!)}@${escapeRegExp(pkg[2]!)}`,
      )
    : new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(name)}(?![A-Za-z0-9_-])`);
  const match = pattern.exec(blanked);
  return match?.index;
}

/** A 1-based location with its line's text, from a character offset into `text`. */
export function toLocation(file: string, text: string, offset: number): SourceLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', offset);
  return {
    file,
    line,
    column: offset - lineStart + 1,
    lineText: text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd),
  };
}
