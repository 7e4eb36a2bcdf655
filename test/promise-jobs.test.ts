import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { bundleEntry } from '../src/bundle/bundle.js';
import { polyfillsFor } from '../src/bundle/globals/polyfills.js';
import { ENGINES } from '../src/engines/registry.js';
import type { ResolvedOptions } from '../src/options/types.js';
import type { ResolvedWorld } from '../src/wit/load.js';

// The bundle stage with the promise jobs componentize runs itself (bundle/globals/promise-jobs.ts),
// run in a child Node: every await goes through core-js's Promise, whose jobs wait in our queue
// until `__componentize_promiseJobs.run()`, even where the engine's own job loop would run them.
const DIR = new URL('../fixtures/promise-jobs/', import.meta.url).pathname;
const NO_IMPORTS = Promise.resolve({ model: { imports: [] } } as unknown as ResolvedWorld);

async function bundle(promiseJobs: boolean) {
  const engine = ENGINES[0]!;
  const options = {
    cwd: DIR,
    entry: join(DIR, 'app.ts'),
    minify: false,
    sourcemap: false,
    conditions: [],
    nodeEnv: 'production',
  } as unknown as ResolvedOptions;
  const result = await bundleEntry(options, polyfillsFor(engine, NO_IMPORTS, false), engine, async () => promiseJobs);
  return { ...result, polyfills: await result.polyfills };
}

const PROBE = `
const native = Promise;
const app = await import(process.argv[1]);
const out = { replaced: globalThis.Promise !== native };
let value, error;
app.start().then((v) => { value = v; });
app.fails().catch((e) => { error = e.message; });
out.before = [value, error];
globalThis.__componentize_promiseJobs.run();
out.after = [value, error];
console.log(JSON.stringify(out));
`;

describe('promise jobs run by componentize', () => {
  test('async functions, async generators and for-await settle only when the jobs run', async () => {
    const { code, polyfills } = await bundle(true);
    expect(code).not.toMatch(/\basync\s+(function|\()/);
    expect(polyfills.map((p) => p.name)).toContain('Promise (jobs run by componentize)');
    const dir = await mkdtemp(join(tmpdir(), 'componentize-promise-jobs-'));
    try {
      const file = join(dir, 'app.mjs');
      await writeFile(file, code);
      const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', PROBE, file]);
      expect(JSON.parse(stdout)).toEqual({
        replaced: true,
        before: [null, null],
        after: [[1, 2, 3, 10], 'rejected on purpose'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('without them the bundle keeps native async functions and Promise', async () => {
    const { code, polyfills } = await bundle(false);
    expect(code).toMatch(/\basync function start\b/);
    expect(code).not.toContain('__componentize_promiseJobs');
    expect(polyfills).toEqual([]);
  });
});
