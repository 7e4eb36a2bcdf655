import { cp, mkdir, readFile } from 'node:fs/promises';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, OUT_DIR, runCli, scratchDir } from './helpers/build-fixture.js';
import { withoutStageLines } from './helpers/normalize-output.js';

/**
 * The hello fixture built in two directories of different names and depths, the second with
 * another TMPDIR (as on another machine): the source maps must be identical, the components too
 * wherever the report says the engine's output is reproducible, and neither may hold a path of
 * the project, the temp directory, the home directory, or the user's or machine's name.
 */
async function buildIn(dir: string, engine: string, env: Record<string, string>) {
  const result = await runCli(
    ['app.ts', '--wit', 'world.wit', '--engine', engine, '-o', 'out/app.wasm', '--sourcemap', '--no-cache', '--json'],
    { cwd: dir, env },
  );
  // Slow stages print a progress line on stderr (stdout is the JSON); nothing else may be there.
  expect(withoutStageLines(result.stderr)).toBe('');
  expect(result.exitCode).toBe(0);
  return {
    report: JSON.parse(result.stdout),
    wasm: await readFile(join(dir, 'out/app.wasm')),
    map: await readFile(join(dir, 'out/app.wasm.map')),
  };
}

/** Strings that would tie an output to where and by whom it was built. */
function machineStrings(dirs: string[]): string[] {
  const strings = [...dirs, OUT_DIR, homedir()];
  // A short name ("root", "vm") also occurs in engine text by chance; their paths are checked above.
  for (const name of [userInfo().username, hostname()]) if (name.length >= 6) strings.push(name);
  return strings.filter((s) => s.length > 1);
}

describe.concurrent('outputs do not depend on where they were built', () => {
  test.each(['quickjs', 'starlingmonkey'])('%s: the same project in two directories', async (engine) => {
    const root = await scratchDir();
    const a = join(root, 'first-project');
    const b = join(root, 'elsewhere', 'second-one');
    const tmpB = join(root, 'other-tmp');
    for (const dir of [a, b, tmpB]) await mkdir(dir, { recursive: true });
    for (const dir of [a, b]) await cp(join(FIXTURES, 'hello'), dir, { recursive: true });
    const first = await buildIn(a, engine, {});
    const second = await buildIn(b, engine, { TMPDIR: tmpB });

    expect(second.map.toString()).toBe(first.map.toString());
    const reproducible = first.report.reproducible;
    expect(second.report.reproducible).toEqual(reproducible);
    if (reproducible.value) expect(Buffer.compare(first.wasm, second.wasm)).toBe(0);
    else expect(reproducible.reason).toMatch(/\w/);
    for (const bytes of [first.wasm, first.map, second.wasm, second.map]) {
      const found = machineStrings([a, b, tmpB, root]).filter((s) => bytes.includes(Buffer.from(s)));
      expect(found).toEqual([]);
    }
    console.log(
      `${engine}: map ${first.map.length} B identical; component ${first.wasm.length} B ${Buffer.compare(first.wasm, second.wasm) === 0 ? 'identical' : 'differs'}; reproducible=${reproducible.value} (${reproducible.reason})`,
    );
  });
});
