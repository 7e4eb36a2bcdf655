// Outgoing `fetch()` from a component, on both engines, the same source and the same results: the
// engine's own fetch where it has one, componentize's over wasi:http/outgoing-handler where not.
// The host side is jco's preview2-shim (loadComponent), which sends the requests from Node. The
// server runs in a process of its own: the component's blocking wait holds this thread.
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedComponent, loadComponent } from '../dist/test.js';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';
import { startServing } from './helpers/serve.js';

interface FetchApp {
  get(url: string): Promise<string>;
}

const ENGINES = ['quickjs', 'starlingmonkey'] as const;
const SERVER = new URL('./helpers/echo-server.mjs', import.meta.url).pathname;
let server: ResultPromise;
let base: string;
let components: LoadedComponent<FetchApp>[];
/** The same calls plus stream bodies, from fixtures/http-fetch/streams.ts (it brings a ReadableStream along). */
let streaming: LoadedComponent<FetchApp>[];

beforeAll(async () => {
  server = execa(process.execPath, [SERVER], { stdin: 'ignore', buffer: false, reject: false });
  const port = await new Promise<string>((resolve, reject) => {
    server.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    server.once('exit', (code) => reject(new Error(`the echo server exited (${code}) before it listened`)));
  });
  base = `http://127.0.0.1:${port}`;
  // Each engine builds the fixture once, through a build cache of this file's own.
  components = await loadComponent<FetchApp>(join(FIXTURES, 'http-fetch/app.ts'), {
    wit: join(FIXTURES, 'http-fetch/world.wit'),
    engine: ENGINES,
    cacheDir: join(OUT_DIR, 'cache'),
    // Nothing is granted by default (test/sandbox-run.test.ts): these calls reach the echo server.
    grants: { net: true },
  });
  streaming = await loadComponent<FetchApp>(join(FIXTURES, 'http-fetch/streams.ts'), {
    wit: join(FIXTURES, 'http-fetch/world.wit'),
    engine: ENGINES,
    cacheDir: join(OUT_DIR, 'cache'),
    // Nothing is granted by default (test/sandbox-run.test.ts): these calls reach the echo server.
    grants: { net: true },
  });
});

afterAll(async () => {
  server?.kill();
  await server;
});

// Each case twice: bodies held as bytes, and (where the bundle has a ReadableStream) read as streams.
const CASES = ENGINES.flatMap((engine) => [
  { engine, bodies: 'bytes', app: () => components.find((c) => c.engine === engine)!.exports },
  { engine, bodies: 'streams', app: () => streaming.find((c) => c.engine === engine)!.exports },
]);

describe.each(CASES)('fetch() on $engine, bodies as $bodies', ({ engine, app }) => {
  const get = (path: string) => app().get(`${base}${path}`);

  it('GET sends the query and the headers', async () => {
    expect(await get('/echo?a=1&b=two%20words')).toBe(
      '200 GET /echo?a=1&b=two%20words x-test=componentize content-type=- ',
    );
  });

  it('POST sends a JSON body with its content type', async () => {
    expect(await get('/echo#post')).toBe(
      '200 POST /echo x-test=- content-type=application/json {"hello":"world","n":42}',
    );
  });

  it('reads a 1 MiB binary response whole', async () => {
    // 1048576 bytes of i % 251; their sum mod 1000003.
    let sum = 0;
    for (let i = 0; i < 1 << 20; i++) sum = (sum + (i % 251)) % 1000003;
    expect(await get('/bytes#bytes')).toBe(`200 1048576 bytes, sum ${sum}`);
  });

  it('a 404 is a response, not an error', async () => {
    expect(await get('/missing')).toBe('404 not found: /missing');
  });

  it('a refused connection rejects the fetch with a TypeError', async () => {
    // Port 1 on 127.0.0.1: nothing listens there.
    const answer = await app().get('http://127.0.0.1:1/x');
    expect(answer).toMatch(/^error TypeError: /);
    // Our fetch names the wasi:http error code, as browsers' "fetch failed" names a cause.
    if (engine === 'quickjs') expect(answer).toBe('error TypeError: fetch failed: connection-refused');
  });
});

describe.each(ENGINES)('stream bodies on %s', (engine) => {
  const get = (path: string) => streaming.find((c) => c.engine === engine)!.exports.get(`${base}${path}`);

  it('response.body is a ReadableStream that gives the whole body', async () => {
    let sum = 0;
    for (let i = 0; i < 1 << 20; i++) sum = (sum + (i % 251)) % 1000003;
    expect(await get('/bytes#stream')).toBe(`200 streamed 1048576 bytes, sum ${sum}, locked true`);
  });

  it('a ReadableStream request body is sent chunk by chunk', async () => {
    expect(await get('/echo#upload')).toBe('200 POST /echo x-test=- content-type=text/plain first,second,third');
  });
});

describe('fetch() where the engine has none', () => {
  it('follows a redirect, as browsers do', async () => {
    const app = components.find((c) => c.engine === 'quickjs')!.exports;
    expect(await app.get(`${base}/redirect`)).toBe('200 GET /echo?from=redirect x-test=componentize content-type=- ');
  });
});

describe('an incoming handler beside fetch() where the engine has neither', () => {
  it('answers with the same Response class, and a stream body is written as it comes', async () => {
    const out = join(OUT_DIR, 'handler.quickjs.wasm');
    const built = await runCli([
      join(FIXTURES, 'http-fetch/handler.ts'),
      '--wit',
      'wasi:http/proxy',
      '--engine',
      'quickjs',
      '-o',
      out,
    ]);
    expect(built.exitCode, built.stderr).toBe(0);
    const serving = await startServing(out);
    try {
      const plain = await fetch(`${serving.origin}/x`);
      expect([plain.status, await plain.text()]).toEqual([200, 'GET fetch=function shared=true']);
      const stream = await fetch(`${serving.origin}/stream`);
      expect([stream.status, await stream.text()]).toEqual([200, 'hi']);
    } finally {
      expect(await serving.stop()).toBe(0);
    }
  });
});
