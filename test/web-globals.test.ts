// WinterTC's web-platform globals on both engines (README "Web platform globals"). Two fixtures,
// each built once per engine: web-globals-probe asks the engine what it defines itself (the
// names come in as data, so no polyfill goes in), which must be what the adapter's
// `missingGlobals` says (the README table is generated from it); web-globals uses every global
// for real, and its observations must equal those of the same function run in this Node.
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { WINTERTC_GLOBALS } from '../dist/bundle/globals/web-globals-doc.js';
import { type LoadedComponent, loadComponent } from '../dist/test.js';
import { FIXTURES } from './helpers/build-fixture.js';
import { engineNamed } from './helpers/engines.js';

const ENGINES = ['quickjs', 'starlingmonkey'] as const;

interface Probe {
  native(names: string[]): string;
}
interface WebGlobals {
  present(): string;
  exercise(): Promise<string>;
}

let probes: LoadedComponent<Probe>[];
let apps: LoadedComponent<WebGlobals>[];
let expected: Record<string, Record<string, unknown>>;

// Built in the hook (its timeout is the long one): a StarlingMonkey build on a loaded machine can take minutes.
beforeAll(async () => {
  probes = await loadComponent<Probe>(join(FIXTURES, 'web-globals-probe/app.js'), {
    wit: join(FIXTURES, 'web-globals-probe/world.wit'),
    engine: ENGINES,
  });
  apps = await loadComponent<WebGlobals>(join(FIXTURES, 'web-globals/app.ts'), {
    wit: join(FIXTURES, 'web-globals/world.wit'),
    engine: ENGINES,
  });
  const app = (await import('../fixtures/web-globals/app.ts')) as WebGlobals;
  expected = JSON.parse(await app.exercise());
  // Node has neither `self` nor `reportError` (both in WinterTC's list): what the standard says
  // the fixture sees where they exist.
  expect(typeof (globalThis as { self?: unknown }).self, 'Node now has `self`: drop this patch').toBe('undefined');
  expected.platform!.self = true;
  expect(typeof (globalThis as { reportError?: unknown }).reportError, 'Node now has reportError').toBe('undefined');
  expected.platform!.reportError = 1; // reportError(e).length
});

describe.each(ENGINES)('web-platform globals on %s', (engine) => {
  test("what the engine defines itself is what its adapter's missingGlobals says", async () => {
    const adapter = await engineNamed(engine);
    const probe = probes.find((p) => p.engine === engine)!.exports;
    const native = JSON.parse(probe.native([...WINTERTC_GLOBALS])) as Record<string, string>;
    const has = Object.fromEntries(WINTERTC_GLOBALS.map((g) => [g, native[g] !== 'undefined']));
    const claimed = Object.fromEntries(WINTERTC_GLOBALS.map((g) => [g, !adapter.missingGlobals.includes(g)]));
    expect(has).toEqual(claimed);
  });

  test('every global is there once the code reads it', () => {
    const present = JSON.parse(apps.find((a) => a.engine === engine)!.exports.present()) as Record<string, string>;
    const absent = Object.entries(present).filter(([, type]) => type === 'undefined');
    expect(absent).toEqual([]);
  });

  test('each global behaves as in Node', async () => {
    const actual = JSON.parse(await apps.find((a) => a.engine === engine)!.exports.exercise());
    // Section by section, so a failure names the global.
    for (const section of Object.keys(expected))
      expect([section, actual[section]]).toEqual([section, expected[section]]);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
  });
});
