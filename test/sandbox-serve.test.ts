// `serve` survives its handlers and grants nothing by default, on both engines: a handler that
// never returns costs its own request a 504 while other clients get their answers, one that
// allocates without end a 500 once the server passes --max-memory (kept low here), signals stop
// the server during it, a body over the limit is a 413, and an outgoing request is refused
// unless --allow-net (or `grants` of serveComponent) names its host. The handler
// (fixtures/sandbox/handler) is built once per engine, one build after the other.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveComponent } from '../dist/test.js';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';
import { type RecordServer, startRecordServer } from './helpers/record-server.js';
import { type ServingProcess, startServing } from './helpers/serve.js';

const ENGINES = ['quickjs', 'starlingmonkey'] as const;
/** The server's resident memory limit: above its working size (~300-400 MB here), far below the 4 GB a guest can take. */
const MAX_MEMORY_MB = 800;
const built = new Map<string, string>();
let listener: RecordServer;

beforeAll(async () => {
  listener = await startRecordServer();
  for (const engine of ENGINES) {
    const out = join(OUT_DIR, `handler.${engine}.wasm`);
    const result = await runCli([
      join(FIXTURES, 'sandbox/handler/app.ts'),
      '--wit',
      'wasi:http/proxy',
      '--engine',
      engine,
      '-o',
      out,
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    built.set(engine, out);
  }
}, 600_000);

afterAll(() => listener?.stop());

const text = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  return `${response.status} ${(await response.text()).trim()}`;
};

describe.each(ENGINES)('%s: componentize serve', (engine) => {
  let serving: ServingProcess;
  beforeAll(async () => {
    serving = await startServing(built.get(engine)!, [
      '--timeout',
      '10',
      '--max-body',
      '1000',
      '--max-memory',
      String(MAX_MEMORY_MB),
    ]);
  });
  afterAll(() => serving?.stop());

  it('an endless handler gets a 504 while another client gets its answers', async () => {
    let loopDone = false;
    const loop = text(`${serving.origin}/loop`).finally(() => {
      loopDone = true;
    });
    const answers: string[] = [];
    for (const i of [1, 2, 3]) answers.push(await text(`${serving.origin}/other${i}`));
    expect(answers).toEqual(['200 ok /other1', '200 ok /other2', '200 ok /other3']);
    expect(loopDone).toBe(false);
    expect(await loop).toMatch(/^504 componentize serve: the handler did not answer within 10000 ms/);
    expect(await text(`${serving.origin}/after`)).toBe('200 ok /after');
    expect(serving.logLines()).toContainEqual(expect.objectContaining({ kind: 'request', path: '/loop', status: 504 }));
  });

  it('a handler that allocates without end gets a 500 while another client gets its answers', async () => {
    const hungry = text(`${serving.origin}/alloc`);
    const answers: string[] = [];
    for (const i of [1, 2, 3]) answers.push(await text(`${serving.origin}/fed${i}`));
    expect(answers).toEqual(['200 ok /fed1', '200 ok /fed2', '200 ok /fed3']);
    // The memory watch ends its worker; were the guest's own allocator to fail first, that is a 500 too.
    expect(await hungry).toMatch(/^500 componentize serve: /);
    expect(await text(`${serving.origin}/after-alloc`)).toBe('200 ok /after-alloc');
    expect(serving.logLines()).toContainEqual(
      expect.objectContaining({ kind: 'request', path: '/alloc', status: 500 }),
    );
  });

  it('a body over --max-body is a 413; one within it reaches the handler', async () => {
    expect(await text(`${serving.origin}/post`, { method: 'POST', body: 'x'.repeat(2000) })).toMatch(/^413 /);
    expect(await text(`${serving.origin}/post`, { method: 'POST', body: 'x'.repeat(10) })).toBe('200 got 10 bytes');
  });

  it('an outgoing request is refused by default', async () => {
    const tag = `${engine}-serve-default`;
    expect(await text(`${serving.origin}/fetch?url=${listener.origin}/exfil?${tag}`)).toMatch(/^200 refused /);
    expect(await listener.seenWith(tag)).toEqual([]);
  });

  it('--allow-net lets the handler reach the host it names', async () => {
    const granted = await startServing(built.get(engine)!, [`--allow-net=127.0.0.1:${listener.port}`]);
    try {
      const tag = `${engine}-serve-granted`;
      expect(await text(`${granted.origin}/fetch?url=${listener.origin}/exfil?${tag}`)).toBe(
        '200 fetched 200 hello from the listener',
      );
      await listener.received(`GET /exfil?${tag}`);
    } finally {
      expect(await granted.stop()).toBe(0);
    }
  });

  it('Ctrl-C stops the server while a handler is stuck', async () => {
    const stuck = await startServing(built.get(engine)!, ['--timeout', '600']);
    const loop = fetch(`${stuck.origin}/loop`).then(
      (r) => r.status,
      () => 'cut',
    );
    // The request reaches its worker before the signal (its answer is then cut short by the stop).
    await new Promise((done) => setTimeout(done, 500));
    expect(await stuck.stop()).toBe(0);
    expect(await loop).toBe('cut');
  });
});

describe.each(ENGINES)('%s: serveComponent', (engine) => {
  it('grants nothing by default and stops an endless handler after timeoutMs', async () => {
    const server = await serveComponent(built.get(engine)!, { timeoutMs: 5000 });
    try {
      const tag = `${engine}-helper-default`;
      expect(await text(`${server.url}/fetch?url=${listener.origin}/exfil?${tag}`)).toMatch(/^200 refused /);
      expect(await listener.seenWith(tag)).toEqual([]);
      const loop = text(`${server.url}/loop`);
      expect(await text(`${server.url}/other`)).toBe('200 ok /other');
      expect(await loop).toMatch(/^504 /);
    } finally {
      await server.close();
    }
  });

  it('grants: { net } lets the handler reach that host', async () => {
    const server = await serveComponent(built.get(engine)!, { grants: { net: [`127.0.0.1:${listener.port}`] } });
    try {
      const tag = `${engine}-helper-granted`;
      expect(await text(`${server.url}/fetch?url=${listener.origin}/exfil?${tag}`)).toBe(
        '200 fetched 200 hello from the listener',
      );
    } finally {
      await server.close();
    }
  });
});
