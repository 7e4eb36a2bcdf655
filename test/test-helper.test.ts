// `componentize/test`: the same test on both engines, with a mock that records its calls, an
// import left unmocked (it throws when called, naming itself), and a trap whose guest stack
// names the TypeScript source. Each fixture is built once per engine (through the cache).
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ComponentizeError } from '../dist/index.js';
import { type LoadedComponent, loadComponent } from '../dist/test.js';
import { FIXTURES } from './helpers/build-fixture.js';

interface ImportsApp {
  doubleAdd(a: number, b: number): number;
  label(name: string): string;
}

const ENGINES = ['quickjs', 'starlingmonkey'] as const;
const add = vi.fn((a: number, b: number) => a + b);
let components: LoadedComponent<ImportsApp>[];
let throwing: LoadedComponent<{ parsePort(text: string): number }>[];

// Built in the hook (its timeout is the long one): a StarlingMonkey build on a loaded machine can
// take minutes.
beforeAll(async () => {
  components = await loadComponent<ImportsApp>(join(FIXTURES, 'imports/app.ts'), {
    wit: join(FIXTURES, 'imports/world.wit'),
    engine: ENGINES,
    // `prefix` is left out on purpose: instantiation must not need it.
    imports: { 'local:imports/host': { add } },
  });
  throwing = await loadComponent(join(FIXTURES, 'errors/throws/app.ts'), {
    wit: join(FIXTURES, 'errors/throws/world.wit'),
    engine: ENGINES,
  });
});

describe.each(ENGINES)('loadComponent on %s', (engine) => {
  const app = () => components.find((c) => c.engine === engine)!.exports;

  it('calls the mocked import, which records each call', () => {
    add.mockClear();
    expect(app().doubleAdd(2, 3)).toBe(10);
    expect(add.mock.calls).toEqual([
      [2, 3],
      [2, 3],
      [5, 5],
    ]);
  });

  it('an import without a mock throws when called, naming it', () => {
    let error: unknown;
    try {
      app().label('x');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComponentizeError);
    expect((error as ComponentizeError).code).toBe('IMPORT_NOT_MOCKED');
    expect((error as ComponentizeError).message).toContain('local:imports/host#prefix');
    expect((error as ComponentizeError).hint).toContain("imports: { 'local:imports/host': { prefix(");
  });

  it("a guest exception fails the call with the guest's stack in the TypeScript source", () => {
    const throws = throwing.find((c) => c.engine === engine)!.exports;
    expect(throws.parsePort('8080')).toBe(8080);
    let error: unknown;
    try {
      throws.parsePort('nope');
    } catch (e) {
      error = e;
    }
    expect((error as ComponentizeError).code).toBe('TRAP');
    const message = (error as Error).message;
    expect(message).toContain(`parsePort(...) failed in app.ts (${engine})`);
    expect(message).toContain('not a port: nope');
    expect(message).toMatch(
      /at check \(.*fixtures\/errors\/throws\/app\.ts:3:\d+\)\n {4}at parsePort \(.*app\.ts:8:\d+\)/,
    );
    // The engine's report is the error's, without its noise or the bare trap.
    expect(message).not.toMatch(/panicked at|RUST_BACKTRACE|mozalloc|unreachable|Stack:/);
    expect((error as ComponentizeError).exception?.message).toBe('not a port: nope');
    expect((error as ComponentizeError).location).toMatchObject({ line: 3 });
  });
});

describe('loadComponent options', () => {
  it('a source entry needs `wit`', async () => {
    await expect(loadComponent(join(FIXTURES, 'imports/app.ts'), { engine: 'quickjs' })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
  });
});
