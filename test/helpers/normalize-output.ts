import { tmpdir } from 'node:os';
import { OUT_DIR, ROOT } from './build-fixture.js';

/** `a.b` → `a\.b`, to replace a path literally. */
const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');

/**
 * CLI output with what differs between machines and runs replaced by placeholders, so it can be
 * compared with a golden file: this test file's scratch directory (`<tmp>`), the repository
 * (`<root>`), any other temp path (`<tmpdir>`), the Node version and durations. The most specific
 * path goes first: the repository may itself lie under the temp directory (some CI checkouts do).
 */
export function normalizeOutput(text: string): string {
  return withoutStageLines(text.replace(/\r\n/g, '\n'))
    .replace(literal(OUT_DIR), '<tmp>')
    .replace(literal(ROOT.replace(/\/$/, '')), '<root>')
    .replace(literal(tmpdir()), '<tmpdir>')
    .replace(/\bNode v\d+\.\d+\.\d+/g, 'Node <version>')
    .replace(/\b\d+(?:\.\d+)? ?(?:ms|s)\b/g, '<time>');
}

/**
 * stderr without the progress lines a build prints in a log for each stage of a second or more
 * (`engine src/app.ts 18.2s`, src/cli/progress.ts): how many there are depends on the machine's speed.
 */
export function withoutStageLines(text: string): string {
  // execa drops the output's last newline: the last line may end without one.
  // A stage line may end with its sub-steps: `engine src/app.ts 12.6s (snapshot 12.3s, finish 0.2s)`.
  return text.replace(
    /^(?:options|cache|wit|bundle|check|engine|verify|emit) .+ \d+\.\ds(?: \([^()\n]*\))?(?:\n|$)/gm,
    '',
  );
}
