// Intl on both engines (README "Intl"): the intl fixture, built with `--locales de,fr-CA`, must
// answer what the same function answers in this Node; a bundle that uses no Intl gets none.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { type LoadedComponent, loadComponent } from '../dist/test.js';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';

const ENGINES = ['quickjs', 'starlingmonkey'] as const;

interface IntlApp {
  exercise(): string;
}

/** A string FormatJS's locale data registers through: in a component only with the polyfill. */
const FORMATJS_MARKER = '__addLocaleData';

interface Built {
  engine: string;
  wasm: string;
  report: { polyfilled?: string[]; bytes?: number };
}

let builds: Built[];
let apps: LoadedComponent<IntlApp>[];
let expected: Record<string, unknown>;

/**
 * CLDR 42 put a narrow no-break space (U+202F) before AM/PM; Node's ICU and FormatJS's data
 * disagree on it depending on their versions. Only that character is made the same.
 */
function sameSpaces(results: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(results).replaceAll('\u202f', ' '));
}

async function build(entry: string, wit: string, engine: string, name: string, extra: string[] = []): Promise<Built> {
  const wasm = join(OUT_DIR, `${name}.${engine}.wasm`);
  const result = await runCli([entry, '--wit', wit, '--engine', engine, '-o', wasm, '--json', ...extra]);
  expect(result.exitCode, result.stderr).toBe(0);
  return { engine, wasm, report: JSON.parse(result.stdout) };
}

// Built in the hook (its timeout is the long one): a StarlingMonkey build on a loaded machine can take minutes.
beforeAll(async () => {
  builds = [];
  for (const engine of ENGINES) {
    builds.push(
      await build(join(FIXTURES, 'intl/app.ts'), join(FIXTURES, 'intl/world.wit'), engine, 'intl', [
        '--locales',
        'de,fr-CA',
      ]),
    );
  }
  apps = [];
  for (const built of builds)
    apps.push({ engine: built.engine, exports: await loadComponent<IntlApp>(built.wasm, {}) });
  const app = (await import('../fixtures/intl/app.ts')) as IntlApp;
  expected = sameSpaces(JSON.parse(app.exercise()));
});

describe.each(ENGINES)('Intl on %s', (engine) => {
  test('every result equals Node', () => {
    const app = apps.find((a) => a.engine === engine)!.exports;
    expect(sameSpaces(JSON.parse(app.exercise()))).toEqual(expected);
  });

  test('the build report names Intl as polyfilled', () => {
    expect(builds.find((b) => b.engine === engine)!.report.polyfilled).toContain('Intl');
  });
});

test('a bundle that uses no Intl gets none (QuickJS)', async () => {
  const hello = await build(join(FIXTURES, 'hello/app.ts'), join(FIXTURES, 'hello/world.wit'), 'quickjs', 'hello');
  const intl = builds.find((b) => b.engine === 'quickjs')!;
  expect(hello.report.polyfilled ?? []).not.toContain('Intl');
  const helloBytes = await readFile(hello.wasm);
  const intlBytes = await readFile(intl.wasm);
  expect(intlBytes.includes(FORMATJS_MARKER)).toBe(true);
  expect(helloBytes.includes(FORMATJS_MARKER)).toBe(false);
  // The polyfill is megabytes (README "Intl"): a hello world without it stays far smaller.
  expect(helloBytes.length * 4).toBeLessThan(intlBytes.length);
});
