/**
 * The store of jco's bindings by component shape (run/bindings.ts decides what goes in):
 * `<memoDir>/jco/<key>.json` entries of the tools' memo (cache/memo.ts), each with its
 * JavaScript in `<memoDir>/jco-js/<key>.mjs`, and per-world hints.
 */
import { readFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '../store/fingerprint.js';
import { keepNewest, readMemo, writeMemo, writeMemoFile } from '../store/memo.js';

/** Entries kept (the most recently used): each is jco's JavaScript for one shape, ~0.1–1 MB. */
const MAX_ENTRIES = 32;
/** World hints kept: files of a few bytes. */
const MAX_HINTS = 256;

/** A file of jco's output besides its JavaScript: one of the component's own core modules (by jco's order), or generated content. */
export type MemoFile = { name: string; module: number } | { name: string; base64: string };

export interface MemoEntry {
  /** jco's `imports`, with the placeholder specifiers it was given. */
  imports: string[];
  /** How many core modules the component has: a hit must have as many. */
  modules: number;
  files: MemoFile[];
  /** The SHA-256 of the JavaScript stored beside the entry (`writeMemoJs`): a file that differs is not used. */
  jsSha256: string;
}

const entriesKind = 'jco';
const jsDir = (memoDir: string) => join(memoDir, 'jco-js');
const hintsDir = (memoDir: string) => join(memoDir, 'jco-worlds');
const hintName = (world: string) => sha256(world).slice(0, 32);

/** The entry stored under `key`, or undefined (none, or a damaged one, which is removed). */
export async function readMemoEntry(memoDir: string, key: string): Promise<MemoEntry | undefined> {
  const entry = await readMemo<MemoEntry>(memoDir, entriesKind, key);
  return entry && Array.isArray(entry.files) && Array.isArray(entry.imports) && typeof entry.jsSha256 === 'string'
    ? entry
    : undefined;
}

/**
 * Stores an entry's JavaScript as a module file of its own, at a path that stays the same for
 * the shape: importing it again, in any later process, then finds V8's cached code for it
 * (~10 ms less for jco's ~0.35 MB), and Node's compile cache holds one copy per shape, not one
 * per build. Resolves to its path, or undefined where it cannot be written.
 */
export async function writeMemoJs(memoDir: string, key: string, js: string): Promise<string | undefined> {
  if (!(await writeMemoFile(jsDir(memoDir), `${key}.mjs`, js))) return undefined;
  await keepNewest(jsDir(memoDir), MAX_ENTRIES);
  return join(jsDir(memoDir), `${key}.mjs`);
}

/** The stored JavaScript of entry `key` and its path, if it is there with the SHA-256 the entry records. */
export async function memoJs(
  memoDir: string,
  key: string,
  digest: string,
): Promise<{ js: string; jsPath: string } | undefined> {
  const jsPath = join(jsDir(memoDir), `${key}.mjs`);
  const js = await readFile(jsPath, 'utf8').catch(() => undefined);
  if (js === undefined || sha256(js) !== digest) return undefined;
  // Its age is its last use, as an entry's (cache/memo.ts).
  const now = new Date();
  await utimes(jsPath, now, now).catch(() => {});
  return { js, jsPath };
}

/** Stores an entry; false where the memo directory cannot be written. */
export function writeMemoEntry(memoDir: string, key: string, entry: MemoEntry): Promise<boolean> {
  return writeMemo(memoDir, entriesKind, key, entry, MAX_ENTRIES);
}

/** What the last verification of a world (the caller's key for a world and engine) suggests for the next: a memo hit, or jco. */
export type WorldHint = 'hit' | 'miss';

/**
 * Records what the next build of `world` can expect before its component exists, so that it
 * can start jco early only where jco is likely to run (verify/verify.ts). A hint that says so
 * already is left alone: every verification of a rebuild records one, before its reply.
 */
export async function writeWorldHint(memoDir: string, world: string, hint: WorldHint): Promise<void> {
  if ((await readWorldHint(memoDir, world)) === hint) return;
  if (await writeMemoFile(hintsDir(memoDir), hintName(world), hint)) await keepNewest(hintsDir(memoDir), MAX_HINTS);
}

/** The hint `writeWorldHint` left for `world`: one small read, cheap enough for the start of every build. */
export function readWorldHint(memoDir: string, world: string): Promise<WorldHint | undefined> {
  return readFile(join(hintsDir(memoDir), hintName(world)), 'utf8').then(
    (text) => (text === 'hit' || text === 'miss' ? text : undefined),
    () => undefined,
  );
}
