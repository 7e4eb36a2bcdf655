import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';
import { type ServingProcess, startServing } from './helpers/serve.js';

// A response without a body (Response.redirect, a null body) is set by StarlingMonkey without its
// body ever being asked for; preview2-shim's server hung on it until src/serve/responses.ts
// opened and finished that body on the host side. Each engine's build once, served for real.
const ENGINES = ['quickjs', 'starlingmonkey'];
const built = new Map<string, string>();

beforeAll(async () => {
  await Promise.all(
    ENGINES.map(async (engine) => {
      const out = join(OUT_DIR, `null-body-${engine}.wasm`);
      const result = await runCli([
        join(FIXTURES, 'http', 'null-body', 'app.ts'),
        '--wit',
        'wasi:http/proxy',
        '--engine',
        engine,
        '-o',
        out,
      ]);
      expect(result.exitCode, result.stderr).toBe(0);
      built.set(engine, out);
    }),
  );
}, 300_000);

for (const engine of ENGINES) {
  describe(`responses without a body on ${engine}`, () => {
    let server: ServingProcess;
    beforeAll(async () => {
      server = await startServing(built.get(engine)!);
    }, 120_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
    });

    it('Response.redirect answers 307 with its location', async () => {
      const response = await fetch(`${server.origin}/redirect`, {
        redirect: 'manual',
        signal: AbortSignal.timeout(20_000),
      });
      expect([response.status, response.headers.get('location'), await response.text()]).toEqual([
        307,
        'https://example.com/',
        '',
      ]);
    });
    it('a null body answers 204 with its headers', async () => {
      const response = await fetch(`${server.origin}/no-content`, { signal: AbortSignal.timeout(20_000) });
      expect([response.status, response.headers.get('x-empty'), await response.text()]).toEqual([204, 'yes', '']);
    });
    it('a response with a body still has it, on the same server', async () => {
      const response = await fetch(`${server.origin}/`, { signal: AbortSignal.timeout(20_000) });
      expect([response.status, await response.text()]).toEqual([200, 'with a body']);
    });
  });
}
