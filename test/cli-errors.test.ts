import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

const hello = join(FIXTURES, 'hello');
const helloArgs = [join(hello, 'app.ts'), '--wit', join(hello, 'world.wit')];

describe('CLI usage errors exit 1 with a message naming the flag, and no stack trace', () => {
  test('unknown engine lists the allowed ones', async () => {
    const r = await runCli([...helloArgs, '--engine', 'v8']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[INVALID_OPTION]: Invalid value for --engine: "v8"');
    expect(r.stderr).toContain('quickjs (qjs), starlingmonkey (sm, spidermonkey)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('missing entry file names it', async () => {
    const r = await runCli([join(hello, 'nope.ts'), '--wit', join(hello, 'world.wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[ENTRY_NOT_FOUND]: <entry>:');
    expect(r.stderr).toContain('nope.ts does not exist');
  });

  test('missing --wit', async () => {
    const r = await runCli([join(hello, 'app.ts')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[INVALID_OPTION]: Missing required option --wit');
  });

  test('--wit path that does not exist', async () => {
    const r = await runCli([join(hello, 'app.ts'), '--wit', join(hello, 'missing.wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[WIT_NOT_FOUND]: --wit:');
  });

  test('unknown flag suggests the right one', async () => {
    const r = await runCli([...helloArgs, '--minfy']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("error[INVALID_OPTION]: Unknown option '--minfy'");
    expect(r.stderr).toContain('--minify');
  });

  test('no entry argument and no config file', async () => {
    const r = await runCli(['--wit', join(hello, 'world.wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[INVALID_OPTION]: No entry given, and no config file in');
    expect(r.stderr).toContain('componentize.config.ts');
  });

});

describe('input errors carry their location', () => {
  test('a bundle syntax error gives file:line:column and a code frame', async () => {
    const r = await runCli([join(FIXTURES, 'errors/syntax/app.ts'), '--wit', join(hello, 'world.wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[BUNDLE_FAILED]: Unexpected ";"');
    expect(r.stderr).toContain('--> fixtures/errors/syntax/app.ts:3:20');
    expect(r.stderr).toContain('3 |   return greeting +;');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--json reports the error as data on stdout', async () => {
    const r = await runCli([join(FIXTURES, 'errors/syntax/app.ts'), '--wit', join(hello, 'world.wit'), '--json']);
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      ok: false,
      error: { code: 'BUNDLE_FAILED', kind: 'user', stage: 'bundle', location: { file: 'fixtures/errors/syntax/app.ts', line: 3, column: 20 } },
    });
  });

  test('importing a Node built-in is explained', async () => {
    const r = await runCli([join(FIXTURES, 'errors/node-builtin/app.ts'), '--wit', join(hello, 'world.wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Could not resolve "node:fs"');
    expect(r.stderr).toContain('--> fixtures/errors/node-builtin/app.ts:1:');
    expect(r.stderr).toContain('hint: Node.js built-in modules do not exist inside a component');
  });

  test('a WIT syntax error gives the parser message at file:line:column', async () => {
    const r = await runCli([join(FIXTURES, 'errors/bad-wit/app.ts'), '--wit', join(FIXTURES, 'errors/bad-wit/world.wit'), '--json']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: 'WIT_INVALID',
      message: "expected ';', found keyword `export`",
      location: { file: 'fixtures/errors/bad-wit/world.wit', line: 5, column: 3, lineText: '  export bye: func();' },
    });
  });

  test('a WIT directory locates the error in the right file', async () => {
    const r = await runCli([join(FIXTURES, 'errors/bad-wit/app.ts'), '--wit', join(FIXTURES, 'errors/bad-wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("error[WIT_INVALID]: expected ';', found keyword `export`");
    expect(r.stderr).toContain('--> fixtures/errors/bad-wit/world.wit:5:3');
  });

  test('an unknown type is located at its use', async () => {
    const r = await runCli([join(hello, 'app.ts'), '--wit', join(FIXTURES, 'errors/unknown-type/world.wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[WIT_INVALID]: name `strin` does not exist');
    expect(r.stderr).toContain('--> fixtures/errors/unknown-type/world.wit:4:39');
  });

  test('a package missing from deps/ is located at its import', async () => {
    const r = await runCli([join(hello, 'app.ts'), '--wit', join(FIXTURES, 'errors/missing-dep/world.wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("error[WIT_INVALID]: package 'wasi:cli@0.2.3' not found");
    expect(r.stderr).toContain('--> fixtures/errors/missing-dep/world.wit:4:10');
  });

  test('two worlds and no --world: the error lists them and names the flag', async () => {
    const r = await runCli([join(hello, 'app.ts'), '--wit', join(FIXTURES, 'errors/two-worlds/world.wit')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('There are multiple worlds in `local:two`; one must be explicitly chosen');
    expect(r.stderr).toContain('local:two/first');
    expect(r.stderr).toContain('local:two/second');
    expect(r.stderr).toContain('hint: Choose the world with --world <name>.');
  });

  test('--world naming a world that does not exist', async () => {
    const r = await runCli([join(hello, 'app.ts'), '--wit', join(FIXTURES, 'errors/two-worlds/world.wit'), '--world', 'third']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('World `third` not found in package `local:two`');
    expect(r.stderr).toContain('hint: Check the name given to --world ("third").');
  });
});

describe('engine failures', () => {
  test('JavaScript that throws while the snapshot is taken fails the build with its message (quickjs)', async () => {
    const dir = await scratchDir();
    const fixture = join(FIXTURES, 'errors/throws-at-init');
    const r = await runCli([join(fixture, 'app.ts'), '--wit', join(fixture, 'world.wit'), '-o', join(dir, 'app.wasm')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[ENGINE_FAILED]: quickjs could not build the component: Failed to evaluate user JavaScript module');
    expect(r.stderr).toContain("unexpected token: '}'");
    // The position is in the bundle (app.js); mapping it back to app.ts is issue 5's --sourcemap work.
    expect(r.stderr).toContain('(/app.js:');
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
