import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ComponentizeError, componentize, listEngines } from '../dist/index.js';
import { FIXTURES, scratchDir } from './helpers/build-fixture.js';

const hello = join(FIXTURES, 'hello');

async function rejection(promise: Promise<unknown>): Promise<ComponentizeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ComponentizeError);
  return error as ComponentizeError;
}

describe('componentize() options are validated and named as API keys', () => {
  test('an unknown key is an error, as in esbuild', async () => {
    const error = await rejection(componentize({ entry: 'app.ts', wit: 'world.wit', minfy: true } as never));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe('Unknown option: "minfy"');
  });

  test('a wrongly typed value names the key', async () => {
    const error = await rejection(componentize({ entry: 'app.ts', wit: 'world.wit', minify: 'yes' } as never));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toMatch(/^Invalid value for minify: /);
    expect(error.kind).toBe('user');
  });

  test('a missing required key', async () => {
    const error = await rejection(componentize({ entry: 'app.ts' } as never));
    expect(error.message).toBe('Missing required option wit');
  });

  test('an unknown engine names the key, not the flag', async () => {
    const error = await rejection(
      componentize({ entry: join(hello, 'app.ts'), wit: join(hello, 'world.wit'), engine: 'v8' }),
    );
    expect(error.message).toBe('Invalid value for engine: "v8"');
    expect(error.hint).toContain('quickjs (qjs)');
  });
});

describe('engines come from the engines/ folder', () => {
  test('each declares name, aliases, capabilities and value conventions', async () => {
    const engines = await listEngines();
    expect(engines.map((e) => e.name)).toEqual(['quickjs', 'starlingmonkey']);
    const [quickjs, starlingmonkey] = engines;
    expect(quickjs!.capabilities.asyncFunctions).toBe(true);
    expect(starlingmonkey!.capabilities.asyncFunctions).toBe(true);
    expect(starlingmonkey!.capabilities.asyncImports).toBe(false);
    expect(quickjs!.conventions.int64).toBe('number');
    expect(starlingmonkey!.conventions.int64).toBe('bigint');
  });
});

describe('a quickjs build through the API', () => {
  test('returns the component and a report, writes the source map beside it, prints nothing', async () => {
    const dir = await scratchDir();
    const out = join(dir, 'hello.wasm');
    const events: string[] = [];
    const { component, report, warnings } = await componentize(
      { entry: join(hello, 'app.ts'), wit: join(hello, 'world.wit'), out, sourcemap: true, minify: true },
      { onStage: (e) => events.push(`${e.stage}:${e.phase}`) },
    );
    expect(new Uint8Array(await readFile(out))).toEqual(component);
    // A component, not a core module: magic, then layer 1 in the version field.
    expect([...component.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
    expect(report.out).toBe(out);
    expect(report.sizes.raw).toBe(component.byteLength);
    expect(report.wizer).toContain('componentize-qjs');
    expect(report.sourcemap).toBe(`${out}.map`);
    const map = JSON.parse(await readFile(`${out}.map`, 'utf8'));
    expect(map.sources.some((s: string) => s.endsWith('fixtures/hello/app.ts'))).toBe(true);
    expect(map.sourcesContent.join('')).toContain('Hello, ${name}!');
    expect(warnings).toEqual([]);
    // wit and bundle run side by side; every stage starts before it ends, and all five ran.
    for (const name of ['options', 'cache', 'wit', 'bundle', 'check', 'engine', 'verify', 'emit']) {
      expect(events.indexOf(`${name}:start`)).toBeGreaterThanOrEqual(0);
      expect(events.indexOf(`${name}:start`)).toBeLessThan(events.indexOf(`${name}:end`));
    }
    // The engine waits for the bundle and the checks; for a plain world like this one, not for the
    // reference WIT parser, which confirms the world beside it (src/wit/quick-world.ts).
    expect(events.indexOf('engine:start')).toBeGreaterThan(
      Math.max(events.indexOf('check:end'), events.indexOf('bundle:end')),
    );
    expect(report.stages.map((s) => s.name)).toEqual([
      'options',
      'cache',
      'wit',
      'bundle',
      'check',
      'engine',
      'verify',
      'emit',
    ]);
    // Each stage says when it started: the engine after the checks ended, the verifier after the engine.
    const at = Object.fromEntries(report.stages.map((s) => [s.name, s]));
    expect(at.engine!.startMs).toBeGreaterThanOrEqual(at.check!.startMs + at.check!.ms);
    expect(at.verify!.startMs).toBeGreaterThanOrEqual(at.engine!.startMs + at.engine!.ms);
    expect(report.cache.status).toBe('miss');
    expect((await readdir(dir)).sort()).toEqual(['hello.wasm', 'hello.wasm.map']);
  });
});

describe('checks run before the engine', () => {
  test('a missing export fails in the check stage; the engine stage never starts', async () => {
    const fixture = join(FIXTURES, 'errors/missing-export');
    const events: string[] = [];
    const error = await rejection(
      componentize(
        {
          entry: join(fixture, 'app.js'),
          wit: join(fixture, 'world.wit'),
          engine: 'starlingmonkey',
          out: join(await scratchDir(), 'x.wasm'),
        },
        { onStage: (e) => events.push(`${e.stage}:${e.phase}`) },
      ),
    );
    expect(error.code).toBe('EXPORT_MISMATCH');
    expect(events).toContain('check:end');
    expect(events.some((e) => e.startsWith('engine:'))).toBe(false);
  });
});
