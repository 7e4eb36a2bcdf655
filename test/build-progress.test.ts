// Progress in a plain log (no terminal): one line per stage of a second or more on stderr, none
// under --quiet, and stdout left to --json. The entry's top-level code, which the engine runs
// while it takes the snapshot, keeps the engine stage over a second on any machine.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

let dir: string;
const wit = join(FIXTURES, 'hello', 'world.wit');

beforeAll(async () => {
  dir = await scratchDir();
  await writeFile(
    join(dir, 'slow.ts'),
    [
      '// Busy for 1.5 s while the snapshot is taken.',
      'const until = Date.now() + 1500;',
      'while (Date.now() < until) {}',
      'export function greet(name: string): string {',
      '  return `Hello, ${name}!`;',
      '}',
      '',
    ].join('\n'),
  );
});

describe('build progress without a terminal', () => {
  test('prints the slow stage as a plain line on stderr, nothing on stdout with --json', async () => {
    const entry = join(dir, 'slow.ts');
    const r = await runCli([entry, '--wit', wit, '--engine', 'quickjs', '-o', join(dir, 'a.wasm'), '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^engine ${entry} \\d+\\.\\ds$`, 'm'));
    expect(r.stderr).not.toContain('\x1b');
    expect(JSON.parse(r.stdout).ok).toBe(true);
  });

  test('--quiet prints no stage lines', async () => {
    const r = await runCli([
      join(dir, 'slow.ts'),
      '--wit',
      wit,
      '--engine',
      'quickjs',
      '-o',
      join(dir, 'b.wasm'),
      '--no-cache',
      '--quiet',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});
