// The route a user has to install componentize (it is not published): `npm pack` here, then
// `npm install <tarball>` in a fresh project of their own, and `npx componentize` there. This proves
// `files`, `bin`, the runtime dependencies and the shipped `wit/` folder, with dependency versions
// resolved the way a user's install resolves them (our lockfile does not apply there).
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from './helpers/build-fixture.js';
import { userEnv } from './helpers/user-env.js';

let dir: string;
let project: string;
let packed: { filename: string; files: { path: string }[] };

function inProject(file: string, args: string[]) {
  return execa(file, args, { cwd: project, env: userEnv(), extendEnv: false, reject: false, stdin: 'ignore' });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'componentize-pack-'));
  // `npm test` has just built dist/; the pack's own `prepare` would build it again.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    env: userEnv(),
    extendEnv: false,
  });
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0]!;
  project = join(dir, 'user-project');
  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2),
  );
  await copyFile(join(FIXTURES, 'hello/app.ts'), join(project, 'app.ts'));
  await copyFile(join(FIXTURES, 'hello/world.wit'), join(project, 'world.wit'));
  const install = await inProject('npm', ['install', join(dir, packed.filename), '--no-audit', '--no-fund']);
  expect(install.exitCode, install.stderr).toBe(0);
}, 600_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('installed from a packed tarball into a fresh project', () => {
  it('ships the CLI, the library and the WASI WIT, and no sources or tests', () => {
    const paths = packed.files.map((f) => f.path);
    expect(packed.filename).toBe('componentize-0.1.0.tgz');
    expect(paths).toContain('dist/cli.js');
    expect(paths).toContain('dist/index.js');
    expect(paths.some((p) => p.startsWith('wit/'))).toBe(true);
    expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('test/') || p.startsWith('fixtures/'))).toEqual([]);
  });

  it('`npx componentize` builds with the default engine, and the component runs', async () => {
    const build = await inProject('npx', ['componentize', 'app.ts', '--wit', 'world.wit', '-o', 'app.wasm', '--json']);
    expect(build.exitCode, build.stderr).toBe(0);
    const report = JSON.parse(build.stdout) as { engine: { name: string } };
    expect(report.engine.name).toBe('quickjs');
    expect((await stat(join(project, 'app.wasm'))).size).toBeGreaterThan(100_000);
    // The user's own install: the engine came from their node_modules, not this repository's.
    const installed = JSON.parse(
      await readFile(join(project, 'node_modules/componentize-qjs/package.json'), 'utf8'),
    ) as { version: string };
    expect(installed.version).toMatch(/^\d+\.\d+\.\d+/);

    const run = await inProject('npx', ['componentize', 'run', 'app.wasm', '--invoke', 'greet("World")']);
    expect(run.stderr).toBe('');
    // `run` prints the result as a JS literal: the string with its quotes.
    expect(JSON.parse(run.stdout)).toBe('Hello, World!');
    expect(run.exitCode).toBe(0);
  });
});
