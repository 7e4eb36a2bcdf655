import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';
import { type ServingProcess, startServing } from './helpers/serve.js';
import { waitFor } from './helpers/wait-for.js';

type Style = 'module-worker' | 'service-worker' | 'raw' | 'hono';

// Every handler style with every engine, each built once (StarlingMonkey builds take ~20-90 s
// and ~800 MB), served on 127.0.0.1 and asked with Node's fetch. The same async sources on both:
// on QuickJS the fetch glue runs the promise jobs itself (bundle/globals/promise-jobs.ts).
const ENGINES = ['starlingmonkey', 'quickjs'] as const;
const CASES: { style: Style; engine: string }[] = (['module-worker', 'service-worker', 'raw', 'hono'] as const).flatMap(
  (style) => ENGINES.map((engine) => ({ style, engine })),
);

const built = new Map<string, string>();
/** Each build's report: what the component imports. */
const reports = new Map<string, { imports: string[] }>();
const key = (c: { style: Style; engine: string }) => `${c.style}-${c.engine}`;

beforeAll(async () => {
  await Promise.all(
    CASES.map(async (c) => {
      const out = join(OUT_DIR, `${key(c)}.wasm`);
      const result = await runCli([
        join(FIXTURES, 'http', c.style, 'app.ts'),
        '--wit',
        'wasi:http/proxy',
        '--engine',
        c.engine,
        '--sourcemap',
        '-o',
        out,
        '--json',
      ]);
      expect(result.exitCode, result.stderr).toBe(0);
      built.set(key(c), out);
      reports.set(key(c), JSON.parse(result.stdout));
    }),
  );
}, 400_000);

/** A 1 MiB + 5 body with every byte value. */
const LARGE = new Uint8Array(1024 * 1024 + 5).map((_, i) => (i * 7) % 256);

for (const c of CASES) {
  describe(`${c.style} on ${c.engine}`, () => {
    let server: ServingProcess;
    beforeAll(async () => {
      server = await startServing(built.get(key(c))!);
    }, 120_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0); // Ctrl-C is a clean stop
    });

    // A runtime speaking WASI 0.2.12 beside the world's 0.2.10 (QuickJS) must not make the host
    // provide wasi:io, wasi:clocks or wasi:cli twice: each interface is imported at one version.
    it('imports wasi:http, and each interface at one version only', () => {
      const imports = reports.get(key(c))!.imports;
      expect(imports).toContain('wasi:http/types@0.2.10');
      const unversioned = imports.map((name) => name.replace(/@[^@/]*$/, ''));
      expect(unversioned.filter((name, i) => unversioned.indexOf(name) !== i)).toEqual([]);
    });

    if (c.style === 'hono') {
      it('a route parameter; c.text', async () => {
        const response = await fetch(`${server.origin}/hello/x`);
        expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([
          200,
          'text/plain;charset=UTF-8',
          'hello x',
        ]);
      });
      it('POST JSON through c.req.json() and c.json with a status, a request header', async () => {
        const response = await fetch(`${server.origin}/json`, {
          method: 'POST',
          body: JSON.stringify({ a: [1, 2], s: 'ü' }),
          headers: { 'content-type': 'application/json', 'x-test-agent': 'vitest' },
        });
        expect([response.status, await response.json()]).toEqual([
          201,
          { echoed: { a: [1, 2], s: 'ü' }, agent: 'vitest' },
        ]);
      });
      it('query parameters, repeated ones too', async () => {
        expect(await (await fetch(`${server.origin}/query?q=1&tag=a&tag=b`)).json()).toEqual({
          q: '1',
          all: ['a', 'b'],
        });
      });
      it('a handler that awaits a timer', async () => {
        expect(await (await fetch(`${server.origin}/slow`)).text()).toBe('after a timer');
      });
      it("a throw goes to the app's onError (500), an unknown route to its notFound (404)", async () => {
        const failed = await fetch(`${server.origin}/throws`);
        expect([failed.status, await failed.text()]).toEqual([500, 'caught: hono handler failed on purpose']);
        const missing = await fetch(`${server.origin}/nope`);
        expect([missing.status, await missing.text()]).toEqual([404, 'no such route']);
      });
      return;
    }

    if (c.style === 'raw') {
      it('answers from the raw incoming-handler, status and headers', async () => {
        const ok = await fetch(`${server.origin}/hello?x=1`);
        expect([ok.status, ok.headers.get('content-type'), await ok.text()]).toEqual([
          200,
          'text/plain',
          'raw get /hello?x=1',
        ]);
        const missing = await fetch(`${server.origin}/elsewhere`);
        expect([missing.status, await missing.text()]).toEqual([404, 'not found']);
      });
      it('logs one JSON line per request', async () => {
        // The line follows the response, so it may arrive a moment after the client is answered.
        const requests = await waitFor(
          () => {
            const lines = server.logLines().filter((l) => l.kind === 'request');
            return lines.length >= 2 && lines;
          },
          { what: 'two access-log lines', timeoutMs: 10_000 },
        );
        expect(requests.map((l) => [l.method, l.path, l.status])).toEqual([
          ['GET', '/hello?x=1', 200],
          ['GET', '/elsewhere', 404],
        ]);
      });
      return;
    }

    it('GET with a query, response headers', async () => {
      const response = await fetch(`${server.origin}/hello?name=Ada`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-greeting')).toBe('hi');
      expect(await response.text()).toBe('hello Ada');
    });
    it('POST with a JSON body and a request header; status 201', async () => {
      const response = await fetch(`${server.origin}/echo-json`, {
        method: 'POST',
        body: JSON.stringify({ n: 1, s: 'ü' }),
        headers: { 'content-type': 'application/json', 'x-test-agent': 'vitest' },
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ received: { n: 1, s: 'ü' }, agent: 'vitest' });
    });
    it('a binary response body', async () => {
      const response = await fetch(`${server.origin}/binary`);
      expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 253, 254, 255]);
    });
    it('a 1 MiB request body', async () => {
      const response = await fetch(`${server.origin}/length`, { method: 'POST', body: LARGE });
      let sum = 0;
      for (const b of LARGE) sum = (sum + b) % 65521;
      expect(await response.json()).toEqual({ length: LARGE.length, sum });
    });
    it('a 1 MiB response body', async () => {
      const bytes = new Uint8Array(await (await fetch(`${server.origin}/large`)).arrayBuffer());
      expect(bytes.length).toBe(1024 * 1024 + 3);
      expect(bytes.every((b, i) => b === i % 251)).toBe(true);
    });
    it('a ReadableStream response body, written as its chunks come', async () => {
      const response = await fetch(`${server.origin}/stream`);
      expect([response.status, await response.text()]).toEqual([200, 'chunk 0\nchunk 1\nchunk 2\n']);
    });
    it("an unknown route is the handler's 404", async () => {
      const response = await fetch(`${server.origin}/no/such/route`);
      expect([response.status, await response.text()]).toEqual([404, 'not found']);
    });
    it('a handler that throws gives a 500, its stack names the source, and the server keeps serving', async () => {
      const response = await fetch(`${server.origin}/throws`);
      expect(response.status).toBe(500);
      // The answer and the log's error entry carry the exception, its stack mapped to the throw in routes.ts.
      expect(await response.text()).toMatch(/handler failed on purpose\n {4}at .*routes\.ts:37:\d+\)/);
      // The worker's entry reaches the log around the response, not necessarily before it.
      await waitFor(
        () =>
          server
            .logLines()
            .some((l) => l.kind === 'error' && l.path === '/throws' && /routes\.ts:37:\d+/.test(String(l.stack))),
        { what: 'the error entry, its stack mapped to routes.ts', timeoutMs: 10_000, seen: () => server.stderr() },
      );
      expect((await fetch(`${server.origin}/hello?name=again`)).status).toBe(200);
    });
    if (c.style === 'module-worker') {
      it('a handler returning a non-Response gives a 500 naming what it returned', async () => {
        const response = await fetch(`${server.origin}/not-response`);
        expect(response.status).toBe(500);
        expect(await response.text()).toBe('the fetch handler returned an object (Object), not a Response');
      });
      it('a Response returned without a promise', async () => {
        expect(await (await fetch(`${server.origin}/sync`)).text()).toBe('answered synchronously');
      });
    }
    // Where componentize provides the fetch API. (StarlingMonkey's own Response.redirect() never
    // finishes its empty body through preview2-shim's server: the request hangs.)
    if (c.engine === 'quickjs') {
      it('Response.redirect', async () => {
        const redirect = await fetch(`${server.origin}/redirect`, { redirect: 'manual' });
        expect([redirect.status, redirect.headers.get('location')]).toEqual([307, 'https://example.com/']);
      });
    }
    if (c.engine === 'quickjs' && c.style === 'module-worker') {
      it('a promise that never settles is a 500 saying so, not a hang', async () => {
        const response = await fetch(`${server.origin}/never`);
        expect([response.status, await response.text()]).toEqual([
          500,
          "the fetch handler's promise never settled: it waits for something other than a timer",
        ]);
      });
    }
    it('logs one line per request: method, path, status, ms', () => {
      const hello = server.logLines().find((l) => l.kind === 'request' && l.path === '/hello?name=Ada');
      expect(hello).toMatchObject({ method: 'GET', status: 200 });
      expect(typeof hello?.ms).toBe('number');
    });
  });
}

describe('serve', () => {
  it('a port in use is exit 1 naming the port', async () => {
    const component = built.get('raw-quickjs')!;
    const server = await startServing(component);
    try {
      const second = await runCli(['serve', component, '--port', String(server.port)]);
      expect(second.exitCode).toBe(1);
      expect(second.stderr).toContain(`error[PORT_IN_USE]: port ${server.port} on 127.0.0.1 is already in use`);
      // The cause (`listen EADDRINUSE ...`) would only repeat the message.
      expect(second.stderr).not.toContain('Caused by');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});
