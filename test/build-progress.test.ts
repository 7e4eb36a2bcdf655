// Progress in a plain log (no terminal): one line per stage of a second or more on stderr, none
// under --quiet, and stdout left to --json. The entry's top-level code, which the engine runs
// while it takes the snapshot, keeps the engine stage over a second on any machine. And the
// engine's sub-steps, sent over IPC from the QuickJS engine's own process, reach `onStage`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { componentize, type StageEvent } from '../dist/index.js';
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
});

describe('build progress without a terminal', () => {
  test('prints the slow stage as a plain line on stderr, nothing on stdout with --json', async () => {
    const entry = join(dir, 'slow.ts');
    const r = await runCli([entry, '--wit', wit, '--engine', 'quickjs', '-o', join(dir, 'a.wasm'), '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    // The snapshot step holds the 1.5 s of top-level code: it is always listed.
    expect(r.stderr).toMatch(new RegExp(`^engine ${entry} \\d+\\.\\ds \\(.*\\bsnapshot \\d+\\.\\ds\\b.*\\)$`, 'm'));
    expect(r.stderr).not.toContain('\x1b');
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    const engine = report.stages.find((s: { name: string }) => s.name === 'engine');
    expect(engine.steps.map((s: { name: string }) => s.name)).toEqual(['world', 'build', 'snapshot', 'finish']);
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
