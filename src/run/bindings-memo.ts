/**
 * The store of jco's bindings by component shape (run/bindings.ts decides what goes in):
 * `<memoDir>/jco/<key>.json` entries of the tools' memo (cache/memo.ts), and per-world hints.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '../cache/fingerprint.js';
import { keepNewest, readMemo, writeMemo, writeMemoFile } from '../cache/memo.js';

/** Entries kept (the most recently used): each is jco's JavaScript for one shape, ~0.1–1 MB. */
const MAX_ENTRIES = 32;
/** World hints kept: files of a few bytes. */
const MAX_HINTS = 256;

/** A file of jco's output: one of the component's own core modules (by jco's order), or generated content. */
export type MemoFile = { name: string; module: number } | { name: string; text: string } | { name: string; base64: string };

export interface MemoEntry {
  /** jco's `imports`, with the placeholder specifiers it was given. */
  imports: string[];
  /** How many core modules the component has: a hit must have as many. */
  modules: number;
  files: MemoFile[];
}

const entriesKind = 'jco';
const hintsDir = (memoDir: string) => join(memoDir, 'jco-worlds');
const hintName = (world: string) => sha256(world).slice(0, 32);

/** The entry stored under `key`, or undefined (none, or a damaged one, which is removed). */
export async function readMemoEntry(memoDir: string, key: string): Promise<MemoEntry | undefined> {
  const entry = await readMemo<MemoEntry>(memoDir, entriesKind, key);
  return entry && Array.isArray(entry.files) && Array.isArray(entry.imports) ? entry : undefined;
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
  return readFile(join(hintsDir(memoDir), hintName(world)), 'utf8').then((text) => (text === 'hit' || text === 'miss' ? text : undefined), () => undefined);
}
