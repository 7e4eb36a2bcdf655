import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { engine as quickjs } from '../../src/engines/quickjs/index.js';
import { startEngineHere } from '../../src/engines/run-in-process.js';
import type { EngineBuilder, EngineBuildInput } from '../../src/wit-dylib/adapter.js';

let workDir: string | undefined;
afterEach(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

// An engine that builds in this process gets the caller's `onStep` itself (a child's arrives over IPC).
test('an engine built in this process names its steps to the caller', async () => {
  workDir = await mkdtemp(join(tmpdir(), 'engine-steps-'));
  const builder: EngineBuilder = async (input) => {
    input.onStep?.('splice');
    input.onStep?.('snapshot');
    return { component: new Uint8Array([0, 97, 115, 109]), wizer: 'none' };
  };
  const engine = { ...quickjs, runsIn: 'this-process' as const, loadBuilder: async () => builder };
  const steps: string[] = [];
  const input: EngineBuildInput = {
    bundlePath: join(workDir, 'app.js'),
    witPath: join(workDir, 'world.wit'),
    world: undefined,
    workDir,
    wizer: undefined,
    weval: undefined,
    variant: 'default',
    disable: { all: false, features: [] },
    asyncExports: [],
    onStep: (step) => steps.push(step),
  };
  const run = await startEngineHere(engine, workDir, { timeLimit: { ms: 60_000, option: 'test' } }).build(input);
  expect(steps).toEqual(['splice', 'snapshot']);
  expect([...run.component]).toEqual([0, 97, 115, 109]);
});
