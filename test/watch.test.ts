import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, test } from 'vitest';
import { CLI, FIXTURES, scratchDir } from './helpers/build-fixture.js';
import { waitFor, withDeadline } from './helpers/wait-for.js';

test('--watch rebuilds once per change, keeps watching after a failing rebuild, stops on Ctrl-C', async () => {
  const dir = await scratchDir();
  await cp(join(FIXTURES, 'hello'), dir, { recursive: true });
  const child = execa(
    process.execPath,
    [CLI, 'app.ts', '--wit', 'world.wit', '-o', 'hello.wasm', '--watch', '--no-cache'],
    { cwd: dir, reject: false, env: { CI: 'true' }, stdin: 'ignore' },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const rebuilt = () => stderr.match(/rebuilt hello\.wasm/g)?.length ?? 0;
  /** Waits for the watcher's stderr to show something, with the stderr so far in the failure. */
  const untilStderr = (what: string, done: () => boolean) =>
    waitFor(done, { what: `the watcher's stderr to show ${what}`, seen: () => stderr });
  try {
    await untilStderr("'watching for changes'", () => stderr.includes('watching for changes'));
    const source = await readFile(join(dir, 'app.ts'), 'utf8');

    await writeFile(join(dir, 'app.ts'), source.replace('Hello', 'Hi'));
    await untilStderr("a first 'rebuilt hello.wasm'", () => rebuilt() === 1);
    expect(stderr).toMatch(/rebuilt hello\.wasm .* quickjs .*\(app\.ts changed\)/);

    await writeFile(join(dir, 'app.ts'), source.replace('greeting', 'greeting +;').replace('`;', '` +;'));
    await untilStderr("'error[BUNDLE_FAILED]' after the broken save", () => stderr.includes('error[BUNDLE_FAILED]'));
    // As the dev server says it: when, and that watching goes on.
    await untilStderr("a timestamped 'rebuild failed'", () => stderr.includes('rebuild failed'));
    expect(stderr).toMatch(/^\d\d:\d\d:\d\d rebuild failed \(app\.ts changed\); watching for changes$/m);

    // The fix also adds an export the world lacks: the rebuild prints its warning.
    await writeFile(
      join(dir, 'app.ts'),
      `${source.replace('Hello', 'Hey')}\nexport function extra(): number {\n  return 1;\n}\n`,
    );
    await untilStderr("a second 'rebuilt hello.wasm' after the fix", () => rebuilt() === 2);
    expect(stderr.slice(stderr.indexOf('rebuild failed'))).toMatch(
      /warning\[UNUSED_EXPORT\][^\n]*extra[\s\S]*rebuilt hello\.wasm/,
    );
    const run = await execa(process.execPath, [CLI, 'run', join(dir, 'hello.wasm'), '--invoke', 'greet("w")'], {
      reject: false,
    });
    expect(run.stdout).toBe('"Hey, w!"');
  } finally {
    child.kill('SIGINT');
  }
  const exited = await withDeadline(child, { what: 'the watcher to exit after SIGINT', seen: () => stderr }).catch(
    (error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    },
  );
  expect(exited.exitCode).toBe(0);
  // Each save triggered exactly one build: two good rebuilds, one failure.
  expect(rebuilt()).toBe(2);
});
