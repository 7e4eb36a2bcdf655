import { applyPatch, createTwoFilesPatch, diffLines, diffWords, parsePatch } from 'diff';

// Word and line diffs, a unified patch between the two halves of the input, and applying it back.
export function run(input: string): string {
  const [before = '', after = ''] = input.split('\n====\n');
  const patch = createTwoFilesPatch('a.txt', 'b.txt', before, after, undefined, undefined, { context: 1 });
  const words = diffWords(before, after)
    .map((c) => (c.added ? `+[${c.value}]` : c.removed ? `-[${c.value}]` : c.value))
    .join('');
  return [
    words,
    diffLines(before, after).length,
    patch,
    applyPatch(before, patch) === after,
    parsePatch(patch)[0]?.hunks.length,
  ].join('\n');
}
