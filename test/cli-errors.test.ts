/**
 * Formatted errors of the CLI, for inputs that fail before any engine runs.
 *
 * What the user reads on stderr is compared with golden files in `test/golden/cli-errors/`, after
 * `normalizeOutput` (helpers/normalize-output.ts) replaced the repository path with `<root>`, temp
 * paths, the Node version and durations. When a message changes on purpose, regenerate the files
 * and review the diff before committing:
 *
 *   npm run build && npm exec -- vitest run test/cli-errors.test.ts -u
 *
 * Exit codes and the `--json` data stay explicit assertions; a regenerated golden file accepts any
 * text, so "no stack trace" is asserted on its own too.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';
import { normalizeOutput } from './helpers/normalize-output.js';

const hello = join(FIXTURES, 'hello');
const helloArgs = [join(hello, 'app.ts'), '--wit', join(hello, 'world.wit')];
const errors = (name: string) => join(FIXTURES, 'errors', name);

/** Runs the CLI, expects exit 1 with no stack trace, and compares the formatted stderr with `golden/cli-errors/<name>.txt`. */
async function expectUserError(name: string, args: string[]): Promise<void> {
  const r = await runCli(args);
  expect(r.exitCode, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  await expect(normalizeOutput(r.stderr)).toMatchFileSnapshot(`./golden/cli-errors/${name}.txt`);
}

/** Builds an error fixture into an empty scratch directory; the output path is never written. */
async function expectBuildError(name: string, args: string[]): Promise<void> {
  const dir = await scratchDir();
  await expectUserError(name, [...args, '-o', join(dir, 'out.wasm')]);
  expect(await readdir(dir)).toEqual([]);
}

describe('CLI usage errors exit 1 with a message naming the flag, and no stack trace', () => {
  test('unknown engine lists the allowed ones', () =>
    expectUserError('unknown-engine', [...helloArgs, '--engine', 'v8']));

  test('missing entry file names it', () =>
    expectUserError('missing-entry', [join(hello, 'nope.ts'), '--wit', join(hello, 'world.wit')]));

  test('missing --wit', () => expectUserError('missing-wit-option', [join(hello, 'app.ts')]));

  test('--wit path that does not exist', () =>
    expectUserError('wit-not-found', [join(hello, 'app.ts'), '--wit', join(hello, 'missing.wit')]));

  test('unknown flag suggests the right one', () => expectUserError('unknown-flag', [...helloArgs, '--minfy']));

  test('no entry argument and no config file', () =>
    expectUserError('no-entry-no-config', ['--wit', join(hello, 'world.wit')]));
});

describe('input errors carry their location', () => {
  test('a bundle syntax error gives file:line:column and a code frame', () =>
    expectBuildError('bundle-syntax', [join(errors('syntax'), 'app.ts'), '--wit', join(hello, 'world.wit')]));

  test('--json reports the error as data on stdout', async () => {
    const r = await runCli([join(FIXTURES, 'errors/syntax/app.ts'), '--wit', join(hello, 'world.wit'), '--json']);
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      ok: false,
      error: {
        code: 'BUNDLE_FAILED',
        kind: 'user',
        stage: 'bundle',
        location: { file: 'fixtures/errors/syntax/app.ts', line: 3, column: 20 },
      },
    });
  });

  test('importing a Node built-in is explained', () =>
    expectBuildError('bundle-node-builtin', [
      join(errors('node-builtin'), 'app.ts'),
      '--wit',
      join(hello, 'world.wit'),
    ]));

  test('a Node built-in an npm package imports is an error at its line, naming the package', () =>
    expectBuildError('bundle-node-builtin-npm', [
      join(errors('node-builtin-npm'), 'app.ts'),
      '--wit',
      join(hello, 'world.wit'),
    ]));

  test('a WIT syntax error gives the parser message at file:line:column', async () => {
    const r = await runCli([
      join(FIXTURES, 'errors/bad-wit/app.ts'),
      '--wit',
      join(FIXTURES, 'errors/bad-wit/world.wit'),
      '--json',
    ]);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: 'WIT_INVALID',
      message: "expected ';', found keyword `export`",
      location: { file: 'fixtures/errors/bad-wit/world.wit', line: 5, column: 3, lineText: '  export bye: func();' },
    });
  });

  test('a WIT syntax error, formatted', () =>
    expectBuildError('wit-syntax', [join(errors('bad-wit'), 'app.ts'), '--wit', join(errors('bad-wit'), 'world.wit')]));

  test('a WIT directory locates the error in the right file', () =>
    expectBuildError('wit-syntax-in-directory', [join(errors('bad-wit'), 'app.ts'), '--wit', errors('bad-wit')]));

  test('an unknown type is located at its use', () =>
    expectBuildError('wit-unknown-type', [join(hello, 'app.ts'), '--wit', join(errors('unknown-type'), 'world.wit')]));

  test('a package missing from deps/ is located at its import', () =>
    expectBuildError('wit-missing-dep', [join(hello, 'app.ts'), '--wit', join(errors('missing-dep'), 'world.wit')]));

  test('two worlds and no --world: the error lists them and names the flag', () =>
    expectBuildError('wit-two-worlds', [join(hello, 'app.ts'), '--wit', join(errors('two-worlds'), 'world.wit')]));

  test('--world naming a world that does not exist', () =>
    expectBuildError('wit-world-not-found', [
      join(hello, 'app.ts'),
      '--wit',
      join(errors('two-worlds'), 'world.wit'),
      '--world',
      'third',
    ]));
});

describe('the bundle checked against the world, before any engine runs', () => {
  test('a missing export names the function, the WIT line and the entry file', () =>
    expectBuildError('export-missing', [
      join(errors('missing-export'), 'app.js'),
      '--wit',
      join(errors('missing-export'), 'world.wit'),
    ]));

  test('an interface exported as a function', () =>
    expectBuildError('export-interface-as-function', [
      join(errors('interface-as-function'), 'app.js'),
      '--wit',
      join(errors('interface-as-function'), 'world.wit'),
    ]));

  test('a resource class missing a method', () =>
    expectBuildError('export-resource-method', [
      join(errors('resource-method'), 'app.js'),
      '--wit',
      join(errors('resource-method'), 'world.wit'),
    ]));

  test('--typecheck: an export whose type does not match the world', () =>
    expectBuildError('typecheck-mismatch', [
      join(errors('typecheck'), 'app.ts'),
      '--wit',
      join(errors('typecheck'), 'world.wit'),
      '--typecheck',
    ]));
});

describe('engine failures', () => {
  test('JavaScript that throws while the snapshot is taken fails the build with its message (quickjs)', async () => {
    const dir = await scratchDir();
    const fixture = join(FIXTURES, 'errors/throws-at-init');
    const r = await runCli([join(fixture, 'app.ts'), '--wit', join(fixture, 'world.wit'), '-o', join(dir, 'app.wasm')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'error[ENGINE_FAILED]: quickjs could not build the component: Failed to evaluate user JavaScript module',
    );
    expect(r.stderr).toContain("unexpected token: '}'");
    // At its place in app.ts (the bundle's map is used even without --sourcemap), and said once.
    expect(r.stderr).toContain('at <anonymous> (fixtures/errors/throws-at-init/app.ts:3:21)');
    expect(r.stderr).not.toContain('app.js:');
    expect(r.stderr.split("unexpected token: '}'")).toHaveLength(2);
    expect(r.stderr).not.toContain('This is a bug');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('output safety', () => {
  test('a failed build leaves the previous output byte-identical and no temp file', async () => {
    const dir = await scratchDir();
    const out = join(dir, 'app.wasm');
    await writeFile(out, 'previous build');
    const r = await runCli([join(FIXTURES, 'errors/syntax/app.ts'), '--wit', join(hello, 'world.wit'), '-o', out]);
    expect(r.exitCode).toBe(1);
    expect(await readFile(out, 'utf8')).toBe('previous build');
    expect(await readdir(dir)).toEqual(['app.wasm']);
  });
});

describe('help and version', () => {
  test('--help lists every flag and the engines', async () => {
    const r = await runCli(['build', '--help']);
    expect(r.exitCode).toBe(0);
    for (const flag of ['--wit', '--world', '--engine', '--out', '--minify', '--sourcemap', '--quiet', '--json']) {
      expect(r.stdout).toContain(flag);
    }
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    const r = await runCli(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('a failed build still reports the warnings it had gathered', () => {
  test('an unused export warning, then a denied import: the warning prints before the error, and is in --json', async () => {
    const extra = join(FIXTURES, 'errors/extra-export');
    const dir = await scratchDir();
    const args = [
      join(extra, 'app.ts'),
      '--wit',
      join(extra, 'world.wit'),
      '-o',
      join(dir, 'app.wasm'),
      '--deny',
      'wasi:*',
      '--no-verify',
      '--no-cache',
    ];
    const text = await runCli(args);
    expect(text.exitCode).toBe(1);
    const warningAt = text.stderr.indexOf('warning[UNUSED_EXPORT]');
    const errorAt = text.stderr.indexOf('error[POLICY_VIOLATION]');
    expect(warningAt).toBeGreaterThanOrEqual(0);
    expect(errorAt).toBeGreaterThan(warningAt);

    const json = await runCli([...args, '--json']);
    expect(json.exitCode).toBe(1);
    const { error } = JSON.parse(json.stdout) as { error: { code: string; warnings?: { code: string }[] } };
    expect(error.code).toBe('POLICY_VIOLATION');
    expect(error.warnings?.map((w) => w.code)).toEqual(['UNUSED_EXPORT']);
    expect(await readdir(dir)).toEqual([]);
  });
});
