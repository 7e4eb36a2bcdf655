import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantiateComponent } from '../dist/host/instantiate.js';
import { callP3Handler, type P3Handler, type P3Request, readBody } from '../dist/serve/http-p3.js';
import { FIXTURES, OUT_DIR, runCli, scratchDir } from './helpers/build-fixture.js';
import { type ServingProcess, startServing } from './helpers/serve.js';
import { waitFor } from './helpers/wait-for.js';

// `--wit wasi:http/proxy@0.3.0` on QuickJS: the same fetch sources as 0.2 (fixtures/http/routes.ts,
// async handlers included), built once per style as WASI 0.3 `wasi:http/handler` components and
// called through jco + preview3-shim, directly and through `componentize serve`.
const STYLES = ['module-worker', 'service-worker'] as const;
const built = new Map<string, string>();

beforeAll(async () => {
  for (const style of STYLES) {
    const out = join(OUT_DIR, `${style}-p3.wasm`);
    const result = await runCli([
      join(FIXTURES, 'http', style, 'app.ts'),
      '--wit',
      'wasi:http/proxy@0.3.0',
      '--engine',
      'quickjs',
      '--sourcemap',
      '-o',
      out,
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    // The glue owns the WASI types: no value-convention warnings about them.
    expect(result.stderr).not.toMatch(/warning/);
    built.set(style, out);
  }
}, 240_000);

const text = (s: string) => [new TextEncoder().encode(s)];

async function call(handler: P3Handler, request: P3Request) {
  const response = await callP3Handler(handler, request);
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: Buffer.from(await readBody(response.body)),
  };
}

for (const style of STYLES) {
  describe(`${style}, called directly`, () => {
    let handler: P3Handler;
    beforeAll(async () => {
      const { exports } = await instantiateComponent(await readFile(built.get(style)!));
      expect(Object.keys(exports)).toContain('wasi:http/handler@0.3.0');
      handler = exports.handler as P3Handler;
    }, 60_000);

    it('GET with a query: status, headers and body', async () => {
      const r = await call(handler, { method: 'GET', path: '/hello?name=x' });
      expect([r.status, r.headers['content-type'], r.headers['x-greeting'], r.body.toString()]).toEqual([
        200,
        'text/plain',
        'hi',
        'hello x',
      ]);
    });
    it('POST /echo-json: the handler awaits request.json()', async () => {
      const r = await call(handler, {
        method: 'POST',
        path: '/echo-json',
        headers: [
          ['content-type', 'application/json'],
          ['x-test-agent', 'vitest'],
        ],
        body: text('{"n":[1,2]}'),
      });
      expect([r.status, r.headers['content-type'], JSON.parse(r.body.toString())]).toEqual([
        201,
        'application/json',
        { received: { n: [1, 2] }, agent: 'vitest' },
      ]);
    });
    it('GET /binary: bytes as they are', async () => {
      const r = await call(handler, { method: 'GET', path: '/binary' });
      expect([r.status, [...r.body]]).toEqual([200, [0, 1, 2, 253, 254, 255]]);
    });
    it('GET /stream: a ReadableStream body, read to its end', async () => {
      const r = await call(handler, { method: 'GET', path: '/stream' });
      expect([r.status, r.body.toString()]).toEqual([200, 'chunk 0\nchunk 1\nchunk 2\n']);
    });
    it('an unknown route is a 404', async () => {
      const r = await call(handler, { method: 'GET', path: '/nowhere' });
      expect([r.status, r.body.toString()]).toEqual([404, 'not found']);
    });
    it('a handler that throws answers the error-code internal-error with its message', async () => {
      const failure = await call(handler, { method: 'GET', path: '/throws' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({
        tag: 'internal-error',
        val: expect.stringContaining('Error: handler failed on purpose'),
      });
      // The instance still answers.
      expect((await call(handler, { method: 'GET', path: '/hello?name=again' })).body.toString()).toBe('hello again');
    });
    it('a 1 MiB body arrives whole', async () => {
      const large = await call(handler, { method: 'GET', path: '/large' });
      expect([large.body.length, large.body[1000], large.body[1024 * 1024 + 2]]).toEqual([
        1024 * 1024 + 3,
        1000 % 251,
        (1024 * 1024 + 2) % 251,
      ]);
    });
    if (style === 'module-worker') {
      it('a value that is not a Response is a 500 naming it', async () => {
        const r = await call(handler, { method: 'GET', path: '/not-response' });
        expect([r.status, r.body.toString()]).toEqual([
          500,
          'the fetch handler returned an object (Object), not a Response',
        ]);
      });
    }
  });
}

describe('componentize serve, WASI 0.3', () => {
  let server: ServingProcess;
  beforeAll(async () => {
    server = await startServing(built.get('module-worker')!);
  }, 90_000);
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  it('answers real requests', async () => {
    const hello = await fetch(`${server.origin}/hello?name=Ada`);
    expect([hello.status, hello.headers.get('x-greeting'), await hello.text()]).toEqual([200, 'hi', 'hello Ada']);
    const echo = await fetch(`${server.origin}/echo-json`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'x-test-agent': 'fetch' },
    });
    expect([echo.status, await echo.json()]).toEqual([201, { received: { a: 1 }, agent: 'fetch' }]);
    expect((await fetch(`${server.origin}/nowhere`)).status).toBe(404);
  });
  it('a throwing handler is a 500 with the error, logged with the source position', async () => {
    const failed = await fetch(`${server.origin}/throws`);
    expect([failed.status, await failed.text()]).toEqual([500, expect.stringContaining('handler failed on purpose')]);
    // The access-log line follows the response: wait for it.
    await waitFor(() => server.logLines().find((l) => l.path === '/throws' && l.status === 500), {
      what: 'the access-log line of /throws',
      seen: () => server.stderr(),
    });
    // The failure comes from the worker thread that ran the handler, on a channel of its own.
    const error = await waitFor(
      () => server.logLines().find((l) => l.path === '/throws' && typeof l.message === 'string'),
      { what: 'the error line of /throws', seen: () => server.stderr() },
    );
    expect(String(error?.message)).toMatch(/fixtures\/http\/routes\.ts:\d+:\d+/);
  });
});

describe('refusals before the build', () => {
  it('starlingmonkey does not support WASI 0.3', async () => {
    const result = await runCli([
      join(FIXTURES, 'http', 'module-worker', 'app.ts'),
      '--wit',
      'wasi:http/proxy@0.3.0',
      '--engine',
      'starlingmonkey',
      '-o',
      join(OUT_DIR, 'sm-p3.wasm'),
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^error\[ENGINE_UNSUPPORTED\]: starlingmonkey does not support WASI 0\.3: its interfaces use stream<T>, future<T>, async func import/,
    );
    expect(result.stderr).toContain('hint: Use --engine quickjs');
  });
  it('quickjs cannot build code that imports an async func (wasi:http/client send)', async () => {
    const dir = await scratchDir();
    await writeFile(
      join(dir, 'app.js'),
      "import { send } from 'wasi:http/client@0.3.0';\nexport default { fetch(request) { return send(request); } };\n",
    );
    const result = await runCli([join(dir, 'app.js'), '--wit', 'wasi:http/proxy@0.3.0', '-o', join(dir, 'app.wasm')]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'error[ENGINE_UNSUPPORTED]: quickjs cannot build a component that imports an `async func` (the bundle imports `wasi:http/client@0.3.0`)',
    );
  });
});
