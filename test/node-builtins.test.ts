// Node's built-ins as npm code imports them (README "Node built-ins"), on both engines: the
// fixture uses each for real, and what it observes must equal the same function run in this Node.
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { type LoadedComponent, loadComponent } from '../dist/test.js';
import { FIXTURES } from './helpers/build-fixture.js';

const ENGINES = ['quickjs', 'starlingmonkey'] as const;

interface NodeBuiltins {
  exercise(): Promise<string>;
  gzip(text: string): string;
  gunzip(data: string): string;
}

let apps: LoadedComponent<NodeBuiltins>[];
let expected: unknown;

// Built in the hook (its timeout is the long one): a StarlingMonkey build on a loaded machine can take minutes.
beforeAll(async () => {
  apps = await loadComponent<NodeBuiltins>(join(FIXTURES, 'node-builtins/app.ts'), {
    wit: join(FIXTURES, 'node-builtins/world.wit'),
    engine: ENGINES,
  });
  const app = (await import('../fixtures/node-builtins/app.ts')) as NodeBuiltins;
  expected = JSON.parse(await app.exercise());
});

describe.each(ENGINES)('Node built-ins on %s', (engine) => {
  const app = () => apps.find((a) => a.engine === engine)!.exports;

  test('stream, events, util, string_decoder, buffer, path, url, querystring, assert, zlib and crypto behave as in Node', async () => {
    expect(JSON.parse(await app().exercise())).toEqual(expected);
  });

  test("zlib's gzip is read by Node's, and Node's by it", () => {
    const text = 'a gzip made in one runtime, read in the other '.repeat(20);
    expect(gunzipSync(Buffer.from(app().gzip(text), 'base64')).toString()).toBe(text);
    expect(app().gunzip(gzipSync(text).toString('base64'))).toBe(text);
  });
});
