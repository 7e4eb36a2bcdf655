import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, ROOT, runCli, scratchDir } from './helpers/build-fixture.js';
import { startServing } from './helpers/serve.js';
import { userEnv } from './helpers/user-env.js';
import { waitFor } from './helpers/wait-for.js';

/**
 * examples/turborepo as a team's CI uses it: a self-hosted turborepo-remote-cache on 127.0.0.1
 * (local-disk storage), `turbo run build` in one clone, then in a second fresh clone every package
 * is a remote hit (FULL TURBO) whose restored components run; a changed WIT file, or a changed
 * variable a package declares, misses for that package only.
 */
const EXAMPLE = join(ROOT, 'examples/turborepo');
const PACKAGES = ['command', 'http-handler', 'plugin'];
const TOKEN = 'componentize-test-token';

let server: ResultPromise | undefined;
let api = '';

/** A port nothing listens on now (the cache server takes a port, not 0). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const storage = join(await scratchDir(), 'remote-cache');
  const port = await freePort();
  server = execa(process.execPath, [join(ROOT, 'node_modules/turborepo-remote-cache/dist/cli.js')], {
    env: {
      STORAGE_PROVIDER: 'local',
      STORAGE_PATH: storage,
      STORAGE_PATH_USE_TMP_FOLDER: 'false',
      TURBO_TOKEN: TOKEN,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
  api = `http://127.0.0.1:${port}`;
  // Its status endpoint answers once it listens.
  const status = () =>
    fetch(`${api}/v8/artifacts/status`, { headers: { authorization: `Bearer ${TOKEN}` } }).then(
      (r) => r.status === 200,
      () => false,
    );
  let exited = false;
  void server.then(() => (exited = true));
  await waitFor(
    async () => {
      if (exited) throw new Error(`turborepo-remote-cache exited: ${(await server)?.stderr}`);
      return status();
    },
    // It loads its cloud storage clients too (~1 s alone; far longer beside builds on 2 cores).
    { what: 'turborepo-remote-cache to listen', timeoutMs: 180_000 },
  );
});

afterAll(() => {
  server?.kill();
});

/**
 * A clone of the example with what `npm install` there makes: node_modules/componentize (the
 * `file:` dependency, a link to this repository) and the bin links of componentize and turbo.
 */
async function cloneExample(): Promise<string> {
  const dir = join(await scratchDir(), 'repo');
  await cp(EXAMPLE, dir, {
    recursive: true,
    filter: (path) => !/[\\/](node_modules|dist|\.turbo)$/.test(path),
  });
  const bin = join(dir, 'node_modules', '.bin');
  await mkdir(bin, { recursive: true });
  await symlink(ROOT, join(dir, 'node_modules', 'componentize'), 'dir');
  await symlink(join(ROOT, 'node_modules/turbo'), join(dir, 'node_modules', 'turbo'), 'dir');
  // npm makes the package's bin executable; this repository's dist/cli.js is not, so a shim runs it.
  await writeFile(join(bin, 'componentize'), `#!/bin/sh\nexec node '${CLI}' "$@"\n`, { mode: 0o755 });
  await symlink(join(ROOT, 'node_modules/turbo/bin/turbo'), join(bin, 'turbo'));
  // turbo hashes what git tracks; a clone is a git checkout.
  const git = (...args: string[]) => execa('git', args, { cwd: dir });
  await git('init', '-q');
  await git('add', '-A');
  await git('-c', 'user.name=ci', '-c', 'user.email=ci@example.com', 'commit', '-qm', 'example');
  return dir;
}

interface TaskSummary {
  package: string;
  cache: { status: 'HIT' | 'MISS'; source?: string };
}

/** `turbo run build` with the remote cache, as the CI job in the example's README runs it. */
async function turboBuild(dir: string, env: Record<string, string> = {}) {
  const result = await execa(join(dir, 'node_modules/.bin/turbo'), ['run', 'build', '--summarize'], {
    cwd: dir,
    reject: false,
    stdin: 'ignore',
    env: {
      ...userEnv(),
      // Node 24 (components run in it) first, as the repository's npm scripts do.
      PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
      TURBO_API: api,
      TURBO_TOKEN: TOKEN,
      TURBO_TEAM: 'componentize',
      TURBO_TELEMETRY_DISABLED: '1',
      DO_NOT_TRACK: '1',
      ...env,
    },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.exitCode, output).toBe(0);
  const runs = join(dir, '.turbo', 'runs');
  const newest = (await readdir(runs)).filter((f) => f.endsWith('.json')).sort((a, b) => a.localeCompare(b));
  const summaries = await Promise.all(newest.map(async (f) => JSON.parse(await readFile(join(runs, f), 'utf8'))));
  // The summary of this run: the one whose tasks are newest (file names are ids, not times).
  const summary = summaries.sort((a, b) => b.execution.startTime - a.execution.startTime)[0] as {
    tasks: TaskSummary[];
  };
  const status = Object.fromEntries(
    summary.tasks.map((t) => [t.package, t.cache.status === 'HIT' ? `HIT ${t.cache.source}` : 'MISS']),
  );
  // What a reader of the CI log sees: each task's cache line and turbo's totals.
  const shown = output.split('\n').filter((line) => /cache (hit|miss|bypass)|Tasks:|Cached:|FULL TURBO/.test(line));
  process.stdout.write(
    `$ turbo run build${Object.keys(env)
      .map((k) => ` (${k}=${env[k]})`)
      .join('')}\n${shown.join('\n')}\n`,
  );
  return { output, status };
}

/** Each restored component does its job. */
async function runComponents(dir: string): Promise<void> {
  const plugin = await runCli(
    [
      'run',
      join(dir, 'packages/plugin/dist/plugin.wasm'),
      '--invoke',
      'slugify("Hello, World!")',
      '--host',
      `local:plugin/host=${join(dir, 'packages/plugin/host.mjs')}`,
    ],
    { cwd: dir },
  );
  expect(plugin.stdout, plugin.stderr).toBe('"hello-world"');
  const command = await runCli(['run', join(dir, 'packages/command/dist/command.wasm'), '--invoke', 'run.run()']);
  expect(command.stdout, command.stderr).toContain('Hello from a WebAssembly command!');
  const serving = await startServing(join(dir, 'packages/http-handler/dist/http-handler.wasm'));
  try {
    const response = await fetch(`${serving.origin}/hello/turbo`);
    const body = await response.json();
    expect(body).toEqual({ message: 'Hello, turbo!' });
    process.stdout.write(
      `restored components run: plugin slugify -> ${plugin.stdout}; command -> ${command.stdout.split('\n')[0]}; http-handler GET /hello/turbo -> ${JSON.stringify(body)}\n`,
    );
  } finally {
    await serving.stop();
  }
}

describe('examples/turborepo with a remote cache', () => {
  test('a second clone restores every component from the remote cache; a WIT or declared variable change misses one package', async () => {
    const first = await cloneExample();
    const built = await turboBuild(first);
    expect(built.status).toEqual(Object.fromEntries(PACKAGES.map((p) => [p, 'MISS'])));
    process.stdout.write(`first clone: ${JSON.stringify(built.status)}\n`);

    const second = await cloneExample();
    const restored = await turboBuild(second);
    expect(restored.status).toEqual(Object.fromEntries(PACKAGES.map((p) => [p, 'HIT REMOTE'])));
    expect(restored.output).toContain('FULL TURBO');
    process.stdout.write(`second clone: ${JSON.stringify(restored.status)}, FULL TURBO\n`);
    await runComponents(second);

    const wit = join(second, 'packages/plugin/wit/world.wit');
    await writeFile(wit, `${await readFile(wit, 'utf8')}\n/// A changed comment is a changed input.\n`);
    const witChanged = await turboBuild(second);
    expect(witChanged.status).toEqual({ command: 'HIT LOCAL', 'http-handler': 'HIT LOCAL', plugin: 'MISS' });
    process.stdout.write(`WIT changed: ${JSON.stringify(witChanged.status)}\n`);

    const envChanged = await turboBuild(second, { SOURCE_DATE_EPOCH: '1700000000' });
    expect(envChanged.status).toEqual({ command: 'HIT LOCAL', 'http-handler': 'MISS', plugin: 'HIT LOCAL' });
    process.stdout.write(`SOURCE_DATE_EPOCH set: ${JSON.stringify(envChanged.status)}\n`);
  });
});
