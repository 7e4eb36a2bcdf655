// `serve` of a built component: what it refuses before answering anything; and `run` of an HTTP
// handler, which points at `serve`.
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';

const notHttp = join(OUT_DIR, 'hello.wasm');
const http = join(OUT_DIR, 'raw.wasm');
let occupied: Server;

beforeAll(async () => {
  const hello = join(FIXTURES, 'hello');
  const builds = await Promise.all([
    runCli([join(hello, 'app.ts'), '--wit', join(hello, 'world.wit'), '--engine', 'quickjs', '-o', notHttp, '--quiet']),
    runCli([
      join(FIXTURES, 'http/raw/app.ts'),
      '--wit',
      'wasi:http/proxy',
      '--engine',
      'quickjs',
      '-o',
      http,
      '--quiet',
    ]),
  ]);
  for (const build of builds) expect(build.exitCode, build.stderr).toBe(0);
  occupied = createServer();
  await new Promise<void>((done) => occupied.listen(0, '127.0.0.1', done));
}, 120_000);

afterAll(() => new Promise<void>((done) => occupied.close(() => done())));

describe('serve refuses', () => {
  it('a component without an HTTP handler, at start, naming what it exports and what is needed', async () => {
    const r = await runCli(['serve', notHttp, '--port', '0']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[EXPORT_NOT_FOUND]');
    expect(r.stderr).toContain('serve needs an export of wasi:http/incoming-handler, and it exports `greet`');
    expect(r.stderr).not.toContain('serving');
  });

  it('a port in use, without the cause that only repeats it', async () => {
    const { port } = occupied.address() as { port: number };
    const r = await runCli(['serve', http, '--port', String(port)]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error[PORT_IN_USE]: port ${port} on 127.0.0.1 is already in use`);
    expect(r.stderr).not.toContain('Caused by');
    expect(r.stderr).not.toContain('EADDRINUSE');
  });
});

describe('run of an HTTP handler', () => {
  it('with no call, points at serve instead of an --invoke that cannot build a request', async () => {
    const r = await runCli(['run', http]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('this component is an HTTP handler (it exports wasi:http/incoming-handler@');
    expect(r.stderr).toContain(`hint: serve it and send it requests: componentize serve ${http}`);
    expect(r.stderr).not.toContain('--invoke');
  });
});
