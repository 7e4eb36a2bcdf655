import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../src/engines/registry.js';
import { parseBuiltinWorldName } from '../src/wit/builtin.js';
import type { WorldModel } from '../src/wit/world.js';
import { glueRunsPromiseJobs } from '../src/wit-dylib/promise-jobs.js';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

// Fast checks: each fails before any engine runs.
describe('built-in WASI worlds and the HTTP handler check', () => {
  it('reads package-qualified world names, not paths', () => {
    expect(parseBuiltinWorldName('wasi:http/proxy@0.2.10')).toEqual({
      namespace: 'wasi',
      package: 'http',
      world: 'proxy',
      version: '0.2.10',
    });
    expect(parseBuiltinWorldName('wasi:cli/command')).toEqual({
      namespace: 'wasi',
      package: 'cli',
      world: 'command',
      version: undefined,
    });
    for (const path of ['world.wit', 'wit/', 'c:/wit/world.wit', './wasi:http/proxy'])
      expect(parseBuiltinWorldName(path)).toBeUndefined();
  });

  it('a world with the shipped wasi:http and no handler is an error naming the three styles', async () => {
    const dir = join(FIXTURES, 'errors/http-no-handler');
    const result = await runCli([
      join(dir, 'app.ts'),
      '--wit',
      join(dir, 'world.wit'),
      '-o',
      join(await scratchDir(), 'x.wasm'),
      '--json',
    ]);
    expect(result.exitCode).toBe(1);
    const error = JSON.parse(result.stdout).error;
    expect(error.code).toBe('EXPORT_MISMATCH');
    expect(error.message).toBe(
      'fixtures/errors/http-no-handler/app.ts has no HTTP handler, and the world exports `wasi:http/incoming-handler@0.2.10`',
    );
    for (const style of [
      'export default { fetch(request)',
      "addEventListener('fetch'",
      'export const incomingHandler = { handle(request, responseOut)',
    ])
      expect(error.hint).toContain(style);
  });

  it('the fetch glue runs the promise jobs itself for a sync handler on an engine without fetch events, no async export and no raw handler', () => {
    const handler = (async: boolean) => ({
      kind: 'interface',
      name: 'wasi:http/incoming-handler@0.2.10',
      interface: { functions: [{ name: 'handle', async }], types: [] },
    });
    const world = (...exports: unknown[]) => ({ imports: [], exports }) as unknown as WorldModel;
    const glue = ENGINES.find((e) => !e.capabilities.fetchEvent)!;
    const events = ENGINES.find((e) => e.capabilities.fetchEvent)!;
    expect(glueRunsPromiseJobs(world(handler(false)), glue, ['default'])).toBe(true);
    expect(glueRunsPromiseJobs(world(handler(false)), events, ['default'])).toBe(false);
    expect(glueRunsPromiseJobs(world(handler(true)), glue, ['default'])).toBe(false);
    expect(
      glueRunsPromiseJobs(
        world(handler(false), { kind: 'function', name: 'tick', function: { name: 'tick', async: true } }),
        glue,
        ['default'],
      ),
    ).toBe(false);
    expect(glueRunsPromiseJobs(world(), glue, ['default'])).toBe(false);
    expect(glueRunsPromiseJobs(world(handler(false)), glue, ['incomingHandler'])).toBe(false); // the raw style: no glue
  });

  it("top-level await where the glue runs the promise jobs is BUNDLE_FAILED at the user's line", async () => {
    const entry = join(FIXTURES, 'errors/http-top-level-await/app.ts');
    const result = await runCli([
      entry,
      '--wit',
      'wasi:http/proxy',
      '--engine',
      'quickjs',
      '-o',
      join(await scratchDir(), 'x.wasm'),
      '--json',
    ]);
    expect(result.exitCode).toBe(1);
    const error = JSON.parse(result.stdout).error;
    expect([error.code, error.location.file, error.location.line]).toEqual([
      'BUNDLE_FAILED',
      'fixtures/errors/http-top-level-await/app.ts',
      3,
    ]);
    expect(error.message).toContain('top-level await cannot be used in this HTTP handler');
  });

  it('an unknown or unshipped built-in world is WIT_NOT_FOUND', async () => {
    const entry = join(FIXTURES, 'http/raw/app.ts');
    const other = await runCli([entry, '--wit', 'acme:http/proxy', '--json']);
    expect([other.exitCode, JSON.parse(other.stdout).error.code]).toEqual([1, 'WIT_NOT_FOUND']);
    const version = await runCli([entry, '--wit', 'wasi:http/proxy@0.2.99', '--json']);
    expect(JSON.parse(version.stdout).error.message).toBe('--wit: WASI 0.2.99 does not ship with componentize');
  });

  it('`types --wit wasi:http/proxy` writes the world and the WASI interfaces', async () => {
    const out = await scratchDir();
    const result = await runCli(['types', '--wit', 'wasi:http/proxy', '-o', out]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(join(out, 'world.d.ts'), 'utf8')).toContain("declare module 'wasi:http/proxy@0.2.10'");
    expect(await readFile(join(out, 'interfaces/wasi-http-types.d.ts'), 'utf8')).toContain('class IncomingRequest');
  });
});
