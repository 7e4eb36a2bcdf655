// `componentize init` as a user meets it: the project it writes is installed from a packed
// tarball (the package is not published) in a temp dir, and then its own `npm run build` and
// `npm test` must pass. One install serves every template: `--force` turns the plugin project
// into a command project, then an http project, with the same dependencies.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers/build-fixture.js';
import { userEnv } from './helpers/user-env.js';

let dir: string;
let project: string;
let tarball: string;

function inProject(file: string, args: string[]) {
  // Plain text: the assertions read the inner vitest's summary.
  const { FORCE_COLOR: _color, ...env } = userEnv();
  return execa(file, args, {
    cwd: project,
    env: { ...env, NO_COLOR: '1' },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    all: true,
  });
}

/** `componentize init` from this repository's build: the same code the tarball holds, without a second install. */
function init(args: string[]) {
  return execa(process.execPath, [CLI, 'init', ...args], {
    cwd: dir,
    env: userEnv(),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'componentize-init-'));
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    env: userEnv(),
    extendEnv: false,
  });
  tarball = join(dir, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
  project = join(dir, 'demo');
  // Relative to where init runs (as a user types it): package.json must name the same tarball
  // from the project's directory, or the install below fails with ENOENT.
  const created = await init(['demo', '--template', 'plugin', '--componentize-spec', `./${basename(tarball)}`]);
  expect(created.exitCode, created.stderr).toBe(0);
  const install = await inProject('npm', ['install', '--no-audit', '--no-fund']);
  expect(install.exitCode, install.all).toBe(0);
}, 600_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('componentize init', () => {
  it('plugin: writes a project whose build and tests pass right after npm install', async () => {
    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.devDependencies.componentize).toBe(`file:../${basename(tarball)}`);
    // npm scripts run on the Node this repository uses (the system's may be older than 24).
    const ours = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      engines: { node: string };
    };
    expect(pkg.devDependencies.node).toBe(ours.devDependencies.node);
    // So the system Node needs only what building needs: installing on Node 20 gives no EBADENGINE.
    expect((pkg as unknown as typeof ours).engines.node).toBe(ours.engines.node);
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['build', 'test']));

    const build = await inProject('npm', ['run', 'build']);
    expect(build.exitCode, build.all).toBe(0);
    expect(build.all).toContain('budget: size');
    expect((await stat(join(project, 'dist/app.wasm'))).size).toBeGreaterThan(100_000);
    // The guest types the entry is written against, from `componentize types`.
    expect(await readFile(join(project, 'types/world.d.ts'), 'utf8')).toContain("declare module 'local:plugin/plugin'");

    const test = await inProject('npm', ['test']);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all).toMatch(/Tests\s+2 passed/);
  });

  it('a relative --componentize-spec from a parent directory names the tarball from the new project', async () => {
    const created = await init(['nested/deeper', '--componentize-spec', basename(tarball)]);
    expect(created.exitCode, created.stderr).toBe(0);
    const nested = join(dir, 'nested/deeper');
    const pkg = JSON.parse(await readFile(join(nested, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const spec = pkg.devDependencies.componentize!;
    expect(spec).toMatch(/^file:/);
    expect(resolve(nested, spec.slice('file:'.length))).toBe(tarball);
    expect((await stat(tarball)).isFile()).toBe(true);
  });

  it('writes a README without placeholder links and a .gitignore for what the dev server writes', async () => {
    const readme = await readFile(join(project, 'README.md'), 'utf8');
    expect(readme).not.toContain('https://github.com/)');
    expect(readme).toContain("with the host's imports mocked");
    const gitignore = (await readFile(join(project, '.gitignore'), 'utf8')).split('\n');
    expect(gitignore).toEqual(expect.arrayContaining(['src/app.wasm', '*.wasm.map']));
  });

  it('refuses to overwrite existing files without --force, writing nothing', async () => {
    const before = await readFile(join(project, 'src/app.ts'), 'utf8');
    const refused = await init(['demo', '--template', 'command']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('error[INVALID_OPTION]');
    expect(refused.stderr).toContain('src/app.ts');
    expect(refused.stderr).toContain('--force');
    expect(await readFile(join(project, 'src/app.ts'), 'utf8')).toBe(before);
    await expect(stat(join(project, 'wit/deps'))).rejects.toThrow();
  });

  it('command: with --force, a wasi:cli/run project (WASI WIT in wit/deps) that builds and passes its test', async () => {
    const created = await init(['demo', '--template', 'command', '--force', '--componentize-spec', tarball]);
    expect(created.exitCode, created.stderr).toBe(0);
    expect(await readFile(join(project, 'wit/deps/cli/package.wit'), 'utf8')).toContain('interface run');
    // The command has no host imports to mock: its README says what its test does.
    expect(await readFile(join(project, 'README.md'), 'utf8')).not.toContain('mocked');

    const build = await inProject('npm', ['run', 'build']);
    expect(build.exitCode, build.all).toBe(0);
    const test = await inProject('npm', ['test']);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all).toMatch(/Tests\s+1 passed/);
  });

  it('http: with --force, a fetch handler on the built-in wasi:http/proxy whose test serves it and sends real requests', async () => {
    const created = await init(['demo', '--template', 'http', '--force', '--componentize-spec', tarball]);
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stderr).toContain('Created an http project');
    expect(await readFile(join(project, 'componentize.config.ts'), 'utf8')).toContain("wit: 'wasi:http/proxy'");
    expect(await readFile(join(project, 'src/app.ts'), 'utf8')).toContain(
      'async fetch(request: Request): Promise<Response>',
    );

    const build = await inProject('npm', ['run', 'build']);
    expect(build.exitCode, build.all).toBe(0);
    expect(build.all).toContain('wasi:http/{types,outgoing-handler}@0.2.10');
    const test = await inProject('npm', ['test']);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all).toMatch(/Tests\s+4 passed/);
  });
});
