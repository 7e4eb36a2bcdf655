// Progress in a plain log (no terminal): one line per stage of a second or more on stderr, none
// under --quiet, and stdout left to --json. The entry's top-level code, which the engine runs
// while it takes the snapshot, keeps the engine stage over a second on any machine. And the
// engine's sub-steps, sent over IPC from the QuickJS engine's own process, reach `onStage`.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ComponentizeError, componentize, type StageEvent } from '../dist/index.js';
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
  await writeFile(
    join(dir, 'endless.ts'),
    'for (;;) {}\nexport function greet(name: string): string { return name; }\n',
  );
});

/** This process's own engine processes (their parent is this test's process: no one else's build is touched). */
async function ownEngineProcesses(): Promise<number[]> {
  const pids: number[] = [];
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const [stat, cmdline] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
    ]);
    // The name in parentheses may hold spaces: the parent's pid is the second field after it.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === process.pid && cmdline.includes('engine-worker.js')) pids.push(Number(pid));
  }
  return pids;
}

describe('build progress without a terminal', () => {
  test('prints the slow stage as a plain line on stderr, nothing on stdout with --json', async () => {
    const entry = join(dir, 'slow.ts');
    const r = await runCli([entry, '--wit', wit, '--engine', 'quickjs', '-o', join(dir, 'a.wasm'), '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('\x1b');
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    const engine = report.stages.find((s: { name: string }) => s.name === 'engine');
    expect(engine.steps.map((s: { name: string }) => s.name)).toEqual(['world', 'build', 'snapshot', 'finish']);
    // The line lists the report's own step times, those of 0.1 s or more, when two are.
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
    const listed = engine.steps
      .filter((s: { ms: number }) => s.ms >= 100)
      .map((s: { name: string; ms: number }) => `${s.name} ${seconds(s.ms)}`);
    const list = listed.length > 1 ? ` (${listed.join(', ')})` : '';
    expect(r.stderr.split('\n')).toContain(`engine ${entry} ${seconds(engine.ms)}${list}`);
    for (const step of engine.steps) expect(step.ms).toBeTypeOf('number');
  });

  test("the engine's sub-steps reach onStage in order, inside the engine stage, and the report", async () => {
    const events: StageEvent[] = [];
    const { report } = await componentize(
      { entry: join(dir, 'slow.ts'), wit, engine: 'quickjs', out: join(dir, 'lib.wasm'), cache: false },
      { onStage: (e) => events.push(e) },
    );
    const engine = events.filter((e) => e.stage === 'engine');
    expect(engine[0]!.phase).toBe('start');
    expect(engine.at(-1)!.phase).toBe('end');
    const entered = engine.slice(1, -1).map((e) => `${e.phase} ${e.step}`);
    // The engine's process names `finish` as it rewrites its output; the pipeline goes on with it.
    expect(entered).toEqual(['step world', 'step build', 'step snapshot', 'step finish', 'step finish']);
    const reported = report.stages.find((s) => s.name === 'engine')!;
    expect(reported.steps!.map((s) => s.name)).toEqual(['world', 'build', 'snapshot', 'finish']);
    expect(engine.at(-1)!.steps).toEqual(reported.steps);
    // Stages that name no steps say nothing of them.
    expect(report.stages.filter((s) => s.steps).map((s) => s.name)).toEqual(['engine']);
  });

  test('an engine process killed after it named a step is ENGINE_CRASHED (a step message is no reply)', async () => {
    let killed: number[] = [];
    const error = await componentize(
      { entry: join(dir, 'endless.ts'), wit, engine: 'quickjs', out: join(dir, 'never.wasm'), cache: false },
      {
        onStage: (e) => {
          if (e.step !== 'snapshot') return;
          void ownEngineProcesses().then((pids) => {
            killed = pids;
            for (const pid of pids) process.kill(pid, 'SIGKILL');
          });
        },
      },
    ).catch((e: unknown) => e);
    expect(killed.length).toBe(1);
    expect(error).toBeInstanceOf(ComponentizeError);
    expect((error as ComponentizeError).code).toBe('ENGINE_CRASHED');
    expect((error as ComponentizeError).message).toContain('the quickjs engine process was killed by SIGKILL');
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
