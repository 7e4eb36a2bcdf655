// `componentize/test`'s serveComponent: an HTTP component served in the test's own process on
// 127.0.0.1 (port 0), asked with real fetch requests; built from source once (QuickJS, through
// the cache), then served again from the built .wasm.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedComponent, serveComponent } from '../dist/test.js';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';

const entry = join(FIXTURES, 'http/module-worker/app.ts');
let server: ServedComponent;

beforeAll(async () => {
  server = await serveComponent(entry, { engine: 'quickjs' });
});

afterAll(() => server?.close());

describe('serveComponent', () => {
  it('serves a fetch handler built from source on 127.0.0.1 with a free port', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    const response = await fetch(`${server.url}/hello?name=Ada`);
    expect([response.status, response.headers.get('x-greeting'), await response.text()]).toEqual([
      200,
      'hi',
      'hello Ada',
    ]);
    const json = await fetch(`${server.url}/echo-json`, {
      method: 'POST',
      body: JSON.stringify({ n: 1 }),
      headers: { 'x-test-agent': 'vitest' },
    });
    expect([json.status, await json.json()]).toEqual([201, { received: { n: 1 }, agent: 'vitest' }]);
  });

  it('a handler that throws is a 500 with an error entry in the log, and the next request is served', async () => {
    const failed = await fetch(`${server.url}/throws`);
    expect(failed.status).toBe(500);
    // The answer carries the exception: its message and the throw's line in routes.ts (line 37).
    const body = await failed.text();
    expect(body).toContain('handler failed on purpose');
    expect(body).toMatch(/at .*\(.*fixtures\/http\/routes\.ts:37:\d+\)/);
    expect(server.log).toContainEqual(
      expect.objectContaining({ kind: 'request', method: 'GET', path: '/throws', status: 500 }),
    );
    // The failure's message comes from the worker thread that ran the handler, on a channel of
    // its own: it may reach the log a moment after the response reached the client.
    await expect
      .poll(() => server.log)
      .toContainEqual(
        expect.objectContaining({
          kind: 'error',
          method: 'GET',
          path: '/throws',
          message: 'handler failed on purpose',
          stack: expect.stringMatching(/routes\.ts:37:\d+/),
        }),
      );
    expect((await fetch(`${server.url}/hello?name=again`)).status).toBe(200);
  });

  it('serves a built .wasm too, and close() stops it', async () => {
    const out = join(OUT_DIR, 'served.wasm');
    const built = await runCli([entry, '--wit', 'wasi:http/proxy', '--engine', 'quickjs', '--sourcemap', '-o', out]);
    expect(built.exitCode, built.stderr).toBe(0);
    const fromWasm = await serveComponent(out);
    const response = await fetch(`${fromWasm.url}/no/such/route`);
    expect([response.status, await response.text()]).toEqual([404, 'not found']);
    await fromWasm.close();
    await expect(fetch(`${fromWasm.url}/hello`)).rejects.toThrow();
  });
});
