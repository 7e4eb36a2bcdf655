import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { CLI, FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';
import { waitFor, withDeadline } from './helpers/wait-for.js';

const hello = join(FIXTURES, 'hello');
const helloArgs = (out: string, engine = 'quickjs') => [
  join(hello, 'app.ts'),
  '--wit',
  join(hello, 'world.wit'),
  '-o',
  out,
  '--no-cache',
  '--engine',
  engine,
];

/** Processes whose environment puts their temp dir under `dir`: our engine process (and a Wizer it starts). */
function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8')
          .split('\0')
          .some((v) => v.startsWith(`TMPDIR=${dir}/componentize-`));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** What a build left in its temp dir; Node's own compile cache (made by any Node there) is not ours. */
const leftovers = async (tmp: string) => (await readdir(tmp)).filter((n) => n !== 'node-compile-cache');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]!.startsWith('Z');
  } catch {
    return false;
  }
};

/**
 * Starts a build with its temp files under `tmp`, and resolves once the engine stage is running,
 * with the engine's own processes: none for QuickJS (its builder runs in the build's process),
 * the engine's Node (and its Wizer) for StarlingMonkey.
 */
async function buildInEngineStage(tmp: string, out: string, engine: 'quickjs' | 'starlingmonkey' = 'quickjs') {
  const child = execa(process.execPath, [CLI, ...helloArgs(out, engine)], {
    reject: false,
    env: { CI: 'true', TMPDIR: tmp },
    stdin: 'ignore',
  });
  // The engine stage starts by writing the bundle into the build's work directory.
  const engines = await waitFor(
    async () => {
      const work = (await readdir(tmp)).find((n) => n.startsWith('componentize-'));
      const running = processesUsing(tmp);
      const engineReady = engine === 'quickjs' || running.length > 0;
      if (work && engineReady && (await readdir(join(tmp, work)).catch(() => [] as string[])).includes('app.js'))
        return running;
      if (child.exitCode !== null) throw new Error(`the build ended before its engine stage: ${(await child).stderr}`);
      return undefined;
    },
    {
      what: `the build's engine stage (an engine process with TMPDIR under ${tmp}, app.js in its work directory)`,
      intervalMs: 10,
      seen: async () =>
        `temp dir: ${JSON.stringify(await readdir(tmp))}; engine processes: ${JSON.stringify(processesUsing(tmp))}`,
    },
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child, engines };
}

/** The build's exit after it was signalled (directly or through its engine), with a deadline of its own; a build that hangs is killed. */
function exitOf<T>(child: PromiseLike<T> & { kill(signal: NodeJS.Signals): unknown }, after: string): Promise<T> {
  return withDeadline(child, { what: `the build to exit after ${after}` }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
}

describe('faults leave nothing broken behind', () => {
  test('SIGINT during the engine stage: exit 130, engine killed, temp dir gone, previous output intact', async () => {
    const dir = await scratchDir();
    const tmp = join(dir, 'tmp');
    await mkdir(tmp);
    const out = join(dir, 'hello.wasm');
    await writeFile(out, 'previous output');
    const { child, engines } = await buildInEngineStage(tmp, out);
    child.kill('SIGINT');
    const r = await exitOf(child, 'SIGINT');
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain('error[CANCELLED]');
    expect(engines.filter(alive)).toEqual([]);
    expect(await leftovers(tmp)).toEqual([]);
    expect(await readFile(out, 'utf8')).toBe('previous output');
    expect((await readdir(dir)).sort()).toEqual(['hello.wasm', 'tmp']);
  });

  test('an engine process killed mid-build is exit 2 naming the stage; nothing written', async () => {
    const dir = await scratchDir();
    const tmp = join(dir, 'tmp');
    await mkdir(tmp);
    const out = join(dir, 'hello.wasm');
    // StarlingMonkey's builder runs in a Node of its own; QuickJS's in the build's process.
    const { child, engines } = await buildInEngineStage(tmp, out, 'starlingmonkey');
    expect(engines.length).toBeGreaterThan(0);
    for (const pid of engines) process.kill(pid, 'SIGKILL');
    const r = await exitOf(child, 'its engine process was killed');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      'error[ENGINE_CRASHED]: the starlingmonkey engine process was killed by SIGKILL during the engine stage',
    );
    expect(await readdir(dir)).toEqual(['tmp']);
    expect(await leftovers(tmp)).toEqual([]);
  });

  test('a read-only output directory is exit 1 naming the path', async () => {
    const dir = join(await scratchDir(), 'locked');
    await mkdir(dir);
    // root ignores permission bits; the immutable attribute stops it too.
    const root = process.getuid?.() === 0;
    if (root) execSync(`chattr +i ${dir}`);
    else await chmod(dir, 0o555);
    try {
      const r = await runCli(helloArgs(join(dir, 'hello.wasm')));
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`error\\[WRITE_FAILED\\]: cannot write ${dir}/hello\\.wasm \\((EPERM|EACCES|EROFS)\\)`),
      );
      expect(r.stderr).toContain('hint: The output directory is not writable');
    } finally {
      if (root) execSync(`chattr -i ${dir}`);
      else await chmod(dir, 0o755);
    }
    expect(await readdir(dir)).toEqual([]);
  });

  test('two builds writing one path at once: both finish, the file is one whole component', async () => {
    const dir = await scratchDir();
    const out = join(dir, 'hello.wasm');
    const [a, b] = await Promise.all([
      runCli([...helloArgs(out), '--json']),
      runCli([...helloArgs(out), '--json', '--minify']),
    ]);
    expect(a.exitCode, a.stderr).toBe(0);
    expect(b.exitCode, b.stderr).toBe(0);
    const sizes = [JSON.parse(a.stdout).sizes.raw, JSON.parse(b.stdout).sizes.raw];
    expect(sizes).toContain((await readFile(out)).byteLength);
    expect(await readdir(dir)).toEqual(['hello.wasm']);
    expect((await runCli(['run', out, '--invoke', 'greet("both")'])).stdout).toBe('"Hello, both!"');
  });
});
