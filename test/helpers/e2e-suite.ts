import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { topLevelExports } from '../../dist/component/exports.js';
import { buildFixture, type FixtureBuild, fileSize, loadFixtures, runCli } from './build-fixture.js';
import { invokeFixture } from './invoke.js';
import { withoutStageLines } from './normalize-output.js';
import { printedImports } from './printed-imports.js';
import { worldExports } from './world-exports.js';

/**
 * Builds every fixture that `engine` can build, once, through the CLI, then calls the component
 * in a fresh Node process and checks each result against the fixture's `expect.ts`.
 */
export async function defineEngineSuite(engine: string): Promise<void> {
  const all = await loadFixtures();
  const fixtures = all.filter((f) => !f.spec.engines || f.spec.engines.includes(engine));

  // A fixture this engine cannot build is not skipped: it must be refused before the engine
  // runs, with the WIT location and the engine that can build it.
  for (const fixture of all.filter((f) => !fixtures.includes(f) && f.spec.buildsOnly?.[engine] !== undefined)) {
    test(`${fixture.name} builds on ${engine} (its calls are not checked there yet: ${fixture.spec.buildsOnly![engine]})`, async () => {
      const build = await buildFixture(fixture, engine);
      expect(build.result.exitCode, build.result.stderr).toBe(0);
      expect(await fileSize(build.out)).toBeGreaterThan(0);
    });
  }
  for (const fixture of all.filter((f) => !fixtures.includes(f) && f.spec.buildsOnly?.[engine] === undefined)) {
    test(`${fixture.name} is refused by ${engine} before the build, with the WIT location`, async () => {
      const build = await buildFixture(fixture, engine);
      expect(build.result.exitCode).toBe(1);
      expect(build.report.error).toMatchObject({
        code: 'ENGINE_UNSUPPORTED',
        stage: 'wit',
        location: { file: expect.stringContaining(`fixtures/${fixture.name}/`), line: expect.any(Number) },
        hint: expect.stringContaining(`--engine ${fixture.spec.engines![0]}`),
      });
      await expect(fileSize(build.out)).rejects.toThrow();
    });
  }

  for (const fixture of fixtures) {
    describe(`${fixture.name} on ${engine}`, () => {
      let build: FixtureBuild;
      let invoked: Awaited<ReturnType<typeof invokeFixture>>;

      beforeAll(async () => {
        build = await buildFixture(fixture, engine);
        if (build.result.exitCode === 0) invoked = await invokeFixture(fixture, build.out);
      });

      test('builds a component and reports it', async () => {
        expect(withoutStageLines(build.result.stderr)).toBe('');
        expect(build.result.exitCode).toBe(0);
        expect(build.report.ok).toBe(true);
        expect(build.report.engine.name).toBe(engine);
        expect(build.report.sizes.raw).toBe(await fileSize(build.out));
        expect(build.report.sizes.gzip).toBeLessThan(build.report.sizes.raw);
        expect(build.report.stages.map((s: { name: string }) => s.name)).toEqual([
          'options',
          'cache',
          'wit',
          'bundle',
          'check',
          'engine',
          'verify',
          'emit',
        ]);
        expect(build.report.cache.status).toBe('miss');
        expect(build.report.warnings.map((w: { code: string }) => w.code).sort()).toEqual(
          [...(fixture.spec.warnings?.[engine] ?? [])].sort(),
        );
      });

      test("exports exactly the world's exports, nothing of the engine's own", async () => {
        const built = topLevelExports(new Uint8Array(await readFile(build.out)));
        expect(built).toEqual(await worldExports(fixture));
      });

      test('the report lists the imports the component really has, as wasm-tools prints them', async () => {
        const printed = await printedImports(new Uint8Array(await readFile(build.out)));
        expect(printed.length).toBeGreaterThan(0);
        expect(build.report.imports).toEqual(printed);
      });

      const { has = [], lacks = [] } = fixture.spec.imports ?? {};
      if (has.length || lacks.length) {
        test(`imports ${[...has.map((p) => `some ${p}`), ...lacks.map((p) => `no ${p}`)].join(', ')}`, () => {
          const imports: string[] = build.report.imports;
          for (const prefix of has)
            expect(
              imports.filter((i) => i.startsWith(prefix)),
              prefix,
            ).not.toEqual([]);
          for (const prefix of lacks)
            expect(
              imports.filter((i) => i.startsWith(prefix)),
              prefix,
            ).toEqual([]);
        });
      }

      test.each(fixture.spec.calls.map((call, index) => ({ ...call, index })))('$fn($args)', (call) => {
        expect(invoked, 'component was not invoked (build failed)').toBeDefined();
        const got = invoked.results[call.index];
        if (call.throws !== undefined) {
          expect(got?.ok, `expected ${call.fn} to throw`).toBe(false);
          expect(got?.error).toContain(call.throws);
        } else {
          expect(got, `no result; invoke stderr:\n${invoked.run.stderr}`).toEqual({ ok: true, value: call.result });
        }
      });

      if (fixture.name === 'hello') {
        // componentize-qjs's runtime exports `init(shim, script, entry-path, disable-gc)`; the
        // build removes it, so a host cannot re-run the runtime's set-up.
        test("a host cannot call the runtime's `init`", async () => {
          const r = await runCli(['run', build.out, '--invoke', 'init()', '--json']);
          expect(r.exitCode).toBe(1);
          expect(JSON.parse(r.stdout).error).toMatchObject({
            code: 'EXPORT_NOT_FOUND',
            message: 'the component has no export init',
          });
        });

        // The report's claim is checked both ways: if the engine becomes reproducible, this fails
        // until the claim (and the README table) says so.
        test('a second build is byte-identical exactly when the report says the engine is reproducible', async () => {
          const again = await buildFixture(fixture, engine, ['--no-cache'], 'again');
          expect(again.result.exitCode, again.result.stderr).toBe(0);
          const same = Buffer.compare(await readFile(build.out), await readFile(again.out)) === 0;
          expect(same).toBe(build.report.reproducible.value);
          // Either way the report says why: what was pinned, or what was not.
          expect(build.report.reproducible.reason).toMatch(/\w{10}/);
        });
      }

      if (fixture.spec.stdout !== undefined) {
        test('prints to stdout', () => {
          expect(invoked.run.stdout).toContain(fixture.spec.stdout);
        });
      }
      if (fixture.spec.stderr !== undefined) {
        test('prints to stderr', () => {
          expect(invoked.run.stderr).toContain(fixture.spec.stderr);
        });
      }
    });
  }
}
