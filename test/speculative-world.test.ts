import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildComponent } from '../dist/build/build.js';
import { topLevelExports } from '../dist/component/exports.js';
import { resolveOptions } from '../dist/options/resolve.js';
import { stageRunner } from '../dist/stage-runner.js';
import { type QuickWorld, quickWorldModel } from '../dist/wit/quick-world.js';
import type { WorldModel } from '../dist/wit/world.js';
import { FIXTURES } from './helpers/build-fixture.js';

// The build starts the engine on our own reading of a plain world and has the reference parser
// confirm it (src/build.ts, src/wit/quick-world.ts). These tests make the two disagree.
const hello = join(FIXTURES, 'hello');

async function build(readQuickWorld: (wit: string, world: string | undefined) => Promise<QuickWorld | undefined>) {
  const resolved = await resolveOptions({
    entry: join(hello, 'app.ts'),
    wit: join(hello, 'world.wit'),
    out: join(hello, 'unused.wasm'),
    cache: false,
    verify: false,
    engine: 'quickjs',
  });
  const { stage, stages } = stageRunner({});
  const outcome = await buildComponent(
    resolved,
    { stage, signal: undefined, warnings: [], cache: undefined },
    readQuickWorld,
  );
  return { outcome, stages: stages() };
}

test('a quick reading that differs from the reference world is thrown away and the build uses the reference', async () => {
  let read = 0;
  const wrong = async (wit: string, world: string | undefined) => {
    read++;
    const quick = await quickWorldModel(wit, world);
    if (!quick) return undefined;
    // What a reader that got the world wrong would give: the export under another name.
    const exports = quick.model.exports.map((e) => ({
      ...e,
      name: 'welcome',
      function: { ...(e as { function: object }).function, name: 'welcome' },
    }));
    return { ...quick, model: { ...quick.model, exports } as WorldModel };
  };
  const { outcome } = await build(wrong);
  expect(read).toBe(1);
  expect(outcome.from).toBe('build');
  const exports = topLevelExports(outcome.built.component).map((e) => e.name);
  expect(exports).toContain('greet');
  expect(exports).not.toContain('welcome');
});

test('an agreeing quick reading builds the same exports', async () => {
  const { outcome, stages } = await build(quickWorldModel);
  expect(topLevelExports(outcome.built.component).map((e) => e.name)).toContain('greet');
  expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(['wit', 'bundle', 'check', 'engine']));
});
