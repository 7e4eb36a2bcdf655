import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transpileBytes } from '@bytecodealliance/jco-transpile';
import { beforeAll, describe, expect, test } from 'vitest';
import { jcoOptions, shapeKey } from '../dist/host/bindings.js';
import { componentShape, mapCoreModules } from '../dist/host/component-shape.js';
import { importMap } from '../dist/host/instantiate.js';
import { startVerifier, verifyComponent } from '../dist/verify/verify.js';
import { loadWorld } from '../dist/wit/load.js';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';
import { withSnapshotMemoryShrunk } from './helpers/core-modules.js';

const WIT = join(FIXTURES, 'hello/world.wit');
const OTHER_SOURCE = `const table = new Map<string, number>();
for (let i = 0; i < 1000; i++) table.set(\`k\${i}\`, i * 2);
export function greet(name: string): string {
  return \`Howdy, \${name}! \${table.size} \${JSON.stringify([1, 2, 3])}\`;
}
`;
const memoDir = join(process.env.COMPONENTIZE_CACHE_DIR!, 'v1', 'memo');

describe('the jco bindings memo of verification (with the cache off)', () => {
  let dir: string;
  const builds: { path: string; report: Record<string, any> }[] = [];
  beforeAll(async () => {
    dir = await scratchDir();
    await writeFile(join(dir, 'other.ts'), OTHER_SOURCE);
    for (const [name, entry] of [
      ['a', join(FIXTURES, 'hello/app.ts')],
      ['b', join(dir, 'other.ts')],
    ] as const) {
      const path = join(dir, `${name}.wasm`);
      const r = await runCli([entry, '--wit', WIT, '--engine', 'quickjs', '-o', path, '--no-cache', '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      builds.push({ path, report: JSON.parse(r.stdout) });
    }
  });

  test('the first build transpiles and stores; the second, of other JavaScript for the world, is a hit', async () => {
    expect(builds[0]!.report.verification.bindings).toBe('transpiled');
    expect(builds[1]!.report.verification.bindings).toBe('memo');
    expect(builds[1]!.report.verification.instantiateMs).toBeGreaterThan(0);
    expect(await readdir(join(memoDir, 'jco'))).toHaveLength(1);
  });

  test("the two components differ, yet jco's output for them is byte-identical but for their own core modules", async () => {
    const [a, b] = await Promise.all(builds.map((build) => readFile(build.path)));
    expect(a!.equals(b!)).toBe(false);
    const { options } = jcoOptions(importMap());
    expect((await shapeKey(a!, options))!.key).toBe((await shapeKey(b!, options))!.key);
    const [outA, outB] = [await transpileBytes(a!, { ...options }), await transpileBytes(b!, { ...options })];
    expect(Object.keys(outB.files).sort()).toEqual(Object.keys(outA.files).sort());
    const differing = Object.keys(outA.files).filter(
      (name) => !Buffer.from(outA.files[name]!).equals(Buffer.from(outB.files[name]!)),
    );
    // Only core modules the build changed (the snapshot) differ, and the memo takes those from the component.
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.every((name) => /^component\.core\d*\.wasm$/.test(name))).toBe(true);
    expect(outB.imports).toEqual(outA.imports);
  });

  test('a component of the same shape that cannot instantiate still fails verification', async () => {
    const good = await readFile(builds[1]!.path);
    // The snapshot's memory shrunk to one page: its data no longer fits, which the key does not see.
    const { component: broken, patched } = withSnapshotMemoryShrunk((fn) => mapCoreModules(good, fn));
    expect(patched).toBeGreaterThan(0);
    expect(Buffer.from(componentShape(broken)).equals(Buffer.from(componentShape(good)))).toBe(true);
    const path = join(dir, 'broken.wasm');
    await writeFile(path, broken);
    const world = await loadWorld(WIT, undefined, dir);
    const workDir = await scratchDir();
    const verifier = startVerifier(undefined, { dir: memoDir, world: ['test'] });
    await expect(
      verifyComponent(path, { world: world.model, call: undefined, workDir }, verifier),
    ).rejects.toMatchObject({ code: 'TRAP', message: expect.stringContaining('does not instantiate') });
    // The same component unbroken verifies from the memo.
    const again = await verifyComponent(
      builds[1]!.path,
      { world: world.model, call: undefined, workDir },
      startVerifier(undefined, { dir: memoDir, world: ['test'] }),
    );
    expect(again.verification?.bindings).toBe('memo');
  });
});
