import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

/*
 * Paths with spaces and non-ASCII characters, for the entry, the WIT, the output and TMPDIR, on
 * both engines (issue 32: StarlingMonkey failed on a space in the entry's name or in TMPDIR). One
 * build per engine: a StarlingMonkey build takes ~20 s and ~800 MB.
 */

const ENGINES = ['quickjs', 'starlingmonkey'] as const;
const built = new Map<string, { exitCode: number | undefined; stderr: string; out: string }>();
let tmp = '';

beforeAll(async () => {
  const dir = join(await scratchDir(), 'my prōject dir');
  await mkdir(join(dir, 'wit dir'), { recursive: true });
  tmp = join(dir, 'tèmp dir');
  await mkdir(tmp);
  await copyFile(join(FIXTURES, 'hello', 'app.ts'), join(dir, 'app ünï.ts'));
  await copyFile(join(FIXTURES, 'hello', 'world.wit'), join(dir, 'wit dir', 'wörld.wit'));
  for (const engine of ENGINES) {
    const out = join(dir, 'out dir', `hé llo ${engine}.wasm`);
    const r = await runCli(['app ünï.ts', '--wit', 'wit dir/wörld.wit', '-o', out, '--engine', engine, '--no-cache'], {
      cwd: dir,
      env: { TMPDIR: tmp },
    });
    built.set(engine, { exitCode: r.exitCode, stderr: r.stderr, out });
  }
});

describe.each(ENGINES)('on %s, paths with spaces and non-ASCII characters', (engine) => {
  test('build, and the component runs', async () => {
    const b = built.get(engine)!;
    expect(b.exitCode, b.stderr).toBe(0);
    const r = await runCli(['run', b.out, '--invoke', 'greet("Wörld")']);
    expect(r.stdout).toBe('"Hello, Wörld!"');
  });

  test('leave nothing in TMPDIR', async () => {
    expect((await readdir(tmp)).filter((n) => n !== 'node-compile-cache')).toEqual([]);
  });
});
