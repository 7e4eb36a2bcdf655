/* The tokens of canonical WIT text, as wasm-tools prints it (see normalized-parser.ts). */

/** Identifiers (with `-`, `%`), punctuation, `->`, and semver versions after `@` (not the `.` of `@0.2.12.{`). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re =
    /\s+|\/\/[^\n]*|->|@\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?|[%A-Za-z_][A-Za-z0-9_-]*|\d+|[{}()<>,;:.=/*_]/gy;
  // A sticky regex that fails to match resets `lastIndex` to 0, so where the tokens ended is
  // kept here: anything left after it is a character no token starts with.
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    end = re.lastIndex;
    const t = m[0];
    if (/^\s|^\/\//.test(t)) continue;
    // An escaped name (`%type`) keeps its `%` here, so no keyword test mistakes it for a keyword;
    // reading it as a name drops the `%` (ident, named types).
    tokens.push(t);
  }
  if (end < text.length) throw new Error(`unexpected character ${JSON.stringify(text[end])} at ${end}`);
  return tokens;
}

/** `%type` is the name `type`, written so that it is not read as the keyword. */
export function unescapeName(token: string): string {
  return token.startsWith('%') ? token.slice(1) : token;
}
