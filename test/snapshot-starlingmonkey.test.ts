// The real check of the V8 snapshotter: componentize-js builds fixtures/hello with StarlingMonkey,
// its Wizer step running our snapshotter through the script writeWizerBin makes (spawned as
// `wizerBin`, with no PATH). The component must work, and with clocks, randomness and
// componentize-js's work directory name pinned, two builds must be the same bytes. Needs the
// build (`npm run build`): the script runs dist/snapshot/v8/wizer-cli-main.js.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentize } from '@bytecodealliance/componentize-js';
import { transform } from 'esbuild';
import { execa } from 'execa';
import { afterAll, expect, test } from 'vitest';
import { WIZER_CLI_MAIN, writeWizerBin } from '../src/snapshot/v8/wizer-bin.js';

const FIXTURE = new URL('../fixtures/hello/', import.meta.url).pathname;
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const scratch = await mkdtemp(join(tmpdir(), 'componentize-snapshot-sm-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** One componentize-js build of hello with our snapshotter, clocks and randomness pinned. */
async function build(name: string): Promise<Uint8Array> {
  const source = await transform(await readFile(join(FIXTURE, 'app.ts'), 'utf8'), { loader: 'ts', format: 'esm' });
  const sourcePath = join(scratch, 'app.js');
  await writeFile(sourcePath, source.code);
  const wizerBin = await writeWizerBin(scratch, {
    clockEpochNs: 1_700_000_000_000_000_000n,
    randomSeed: new TextEncoder().encode('seed'),
  });
  // componentize-js names its work directory from Math.random, and StarlingMonkey keeps that
  // path (it is in the runtime arguments) in its heap: pinned too, for this build only.
  const random = Math.random;
  Math.random = () => 0.25;
  try {
    const { component } = await componentize({
      sourcePath,
      witPath: join(FIXTURE, 'world.wit'),
      worldName: 'hello',
      wizerBin,
    });
    await writeFile(join(scratch, name), component);
    return component;
  } finally {
    Math.random = random;
  }
}

test('componentize-js builds hello through our snapshotter; the component works and builds reproducibly', async () => {
  expect(existsSync(WIZER_CLI_MAIN), 'run `npm run build` first: the Wizer script runs the built entry').toBe(true);
  const first = await build('a.wasm');
  const second = await build('b.wasm');
  expect(Buffer.from(first).equals(second)).toBe(true);
  const run = await execa(process.execPath, [CLI, 'run', join(scratch, 'a.wasm'), '--invoke', 'greet("World")']);
  expect(run.stdout.trim()).toBe('"Hello, World!"');
});
