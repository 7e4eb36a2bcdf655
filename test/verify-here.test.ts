import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { mapCoreModules } from '../dist/host/component-shape.js';
import { componentize } from '../dist/index.js';
import { startVerifier, verifyComponent } from '../dist/verify/verify.js';
import { loadWorld } from '../dist/wit/load.js';
import { wasmTools } from '../dist/wit/wasm-tools.js';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';
import { withSnapshotMemoryShrunk } from './helpers/core-modules.js';

const memoDir = join(process.env.COMPONENTIZE_CACHE_DIR!, 'v1', 'memo');

/** A component whose core module's start function calls a WASI import: instantiating it calls WASI. */
const START_CALLS_WASI = `(component
  (import "wasi:clocks/monotonic-clock@0.2.3" (instance $clock (export "now" (func (result u64)))))
  (core func $now (canon lower (func $clock "now")))
  (core module $m
    (import "host" "now" (func $now (result i64)))
    (func $start (drop (call $now)))
    (start $start))
  (core instance $i (instantiate $m (with "host" (instance (export "now" (func $now))))))
)`;

describe("verification in the build's own process", () => {
  let dir: string;
  let wit: string;
  const reports: Record<string, any>[] = [];
  beforeAll(async () => {
    dir = await scratchDir();
    // A world of its own (a comment makes the text, and so the world's memo hint, new): its first verification has no hint.
    wit = join(dir, 'world.wit');
    await writeFile(wit, `// verify-here\n${await readFile(join(FIXTURES, 'hello/world.wit'), 'utf8')}`);
    for (const name of ['first', 'second']) {
      const r = await runCli([
        join(FIXTURES, 'hello/app.ts'),
        '--wit',
        wit,
        '--engine',
        'quickjs',
        '-o',
        join(dir, `${name}.wasm`),
        '--no-cache',
        '--json',
      ]);
      expect(r.exitCode, r.stderr).toBe(0);
      reports.push(JSON.parse(r.stdout));
    }
  });

  test('the CLI verifies a rebuild in its own process; the first build of a world, with no memo hint, in a Node of its own', () => {
    expect(reports[0]!.verification.ranIn).toBe('child-process');
    expect(reports[1]!.verification.ranIn).toBe('this-process');
    expect(reports[1]!.verification.bindings).toBe('memo');
    expect(reports[1]!.verification.instantiateMs).toBeGreaterThan(0);
  });

  test('the library verifies in a Node of its own (a process that builds many times)', async () => {
    const result = await componentize({
      entry: join(FIXTURES, 'hello/app.ts'),
      wit,
      engine: 'quickjs',
      out: join(dir, 'api.wasm'),
      cache: false,
    });
    expect(result.report.verification?.ranIn).toBe('child-process');
  });

  test("a --verify call runs in a Node of its own even for the CLI: it runs the user's code", async () => {
    const r = await runCli([
      join(FIXTURES, 'hello/app.ts'),
      '--wit',
      wit,
      '--engine',
      'quickjs',
      '-o',
      join(dir, 'call.wasm'),
      '--no-cache',
      '--json',
      '--verify',
      'greet("x")',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).verification).toMatchObject({
      ranIn: 'child-process',
      call: { result: '"Hello, x!"' },
    });
  });

  test('a component that does not instantiate fails in this process as it does in a child', async () => {
    const good = await readFile(join(dir, 'second.wasm'));
    const { component: broken, patched } = withSnapshotMemoryShrunk((fn) => mapCoreModules(good, fn));
    expect(patched).toBeGreaterThan(0);
    const path = join(dir, 'broken.wasm');
    await writeFile(path, broken);
    const world = await loadWorld(wit, undefined, dir);
    const memo = { dir: memoDir, world: ['verify-here', 'broken'] };
    // The first verification of this memo world leaves the hint that makes the next run here.
    await verifyComponent(
      join(dir, 'second.wasm'),
      { world: world.model, call: undefined, workDir: await scratchDir() },
      startVerifier(undefined, memo, 'ahead', 'this-process'),
    );
    const here = startVerifier(undefined, memo, 'ahead', 'this-process');
    expect((await here)?.child).toBeUndefined();
    await expect(
      verifyComponent(path, { world: world.model, call: undefined, workDir: await scratchDir() }, here),
    ).rejects.toMatchObject({ code: 'TRAP', message: expect.stringContaining('does not instantiate') });
  });

  test('a component that calls WASI while it instantiates is verified again with the real shims', async () => {
    const path = join(dir, 'start-calls-wasi.wasm');
    await writeFile(path, await (await wasmTools()).parse(START_CALLS_WASI));
    const world = { imports: [] } as unknown as Parameters<typeof verifyComponent>[1]['world'];
    const memo = { dir: memoDir, world: ['verify-here', 'start-calls-wasi'] };
    const first = await verifyComponent(
      path,
      { world, call: undefined, workDir: await scratchDir() },
      startVerifier(undefined, memo, 'ahead', 'this-process'),
    );
    expect(first.verification?.ranIn).toBe('child-process');
    const here = startVerifier(undefined, memo, 'ahead', 'this-process');
    expect((await here)?.child, 'the hint says a memo hit: no Node is started ahead').toBeUndefined();
    const again = await verifyComponent(path, { world, call: undefined, workDir: await scratchDir() }, here);
    // The stand-in for now() threw while instantiating: the shims' real clock then served it, in a Node of its own.
    expect(again.verification?.ranIn).toBe('child-process');
    expect(again.verification?.instantiateMs).toBeGreaterThan(0);
  });
});
