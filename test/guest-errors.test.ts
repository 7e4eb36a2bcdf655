// A JavaScript exception that escapes the guest reaches the user whole, on both engines: its
// message and its stack in the TypeScript source (the exact line), in `serve`'s 500 answer and
// log, in the dev server's, and in `run --json`; the engines' noise (Rust's panic lines,
// `RUST_BACKTRACE`, `mozalloc_abort`, the `unreachable` trap) nowhere. Each fixture is built
// once per engine, with a source map.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';
import { type ServingProcess, startServing } from './helpers/serve.js';
import { waitFor } from './helpers/wait-for.js';

const ENGINES = ['quickjs', 'starlingmonkey'] as const;
const HTTP = join(FIXTURES, 'errors/http-throws/app.ts');
const THROWS = join(FIXTURES, 'errors/throws');
const NOISE =
  /panicked at|RUST_BACKTRACE|mozalloc|unreachable|Stack:|Error while running request handler|Failed to call/;

const httpOut = (engine: string) => join(OUT_DIR, `http-throws.${engine}.wasm`);
const throwsOut = (engine: string) => join(OUT_DIR, `throws.${engine}.wasm`);

beforeAll(async () => {
  // One engine at a time: a StarlingMonkey build takes ~800 MB.
  for (const engine of ENGINES) {
    const builds = await Promise.all([
      runCli([HTTP, '--wit', 'wasi:http/proxy', '--engine', engine, '--sourcemap', '-o', httpOut(engine)]),
      runCli([
        join(THROWS, 'app.ts'),
        '--wit',
        join(THROWS, 'world.wit'),
        '--engine',
        engine,
        '--sourcemap',
        '-o',
        throwsOut(engine),
      ]),
    ]);
    for (const build of builds) expect(build.exitCode, build.stderr).toBe(0);
  }
}, 600_000);

/** The JSON log line of the failure of `path`, once the worker's report reached the log. */
function failureOf(server: ServingProcess, path: string): Promise<Record<string, unknown>> {
  return waitFor(() => server.logLines().find((l) => l.kind === 'error' && l.path === path), {
    what: `the log's error entry for ${path}`,
    timeoutMs: 10_000,
    seen: () => JSON.stringify(server.logLines()),
  });
}

describe.each(ENGINES)('on %s', (engine) => {
  describe('serve', () => {
    let server: ServingProcess;
    beforeAll(async () => {
      server = await startServing(httpOut(engine));
    }, 120_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
    });

    it("a throw answers 500 with the exception's message and the throw's line; the log has both", async () => {
      const response = await fetch(`${server.origin}/port?p=x`);
      const body = await response.text();
      expect(response.status).toBe(500);
      expect(body).toMatch(
        /^componentize serve: the handler failed: not a port: x\n {4}at parsePort \(.*app\.ts:5:\d+\)\n/,
      );
      expect(body).toMatch(/at .*\(.*errors\/http-throws\/app\.ts:12:\d+\)/); // the caller, in fetch
      expect(body).not.toMatch(NOISE);
      const entry = await failureOf(server, '/port?p=x');
      expect(entry).toMatchObject({ kind: 'error', method: 'GET', message: 'not a port: x' });
      expect(entry.stack).toMatch(/^ {4}at parsePort \(.*errors\/http-throws\/app\.ts:5:\d+\)/);
    });

    it("a throw after an await (in a promise job) names its own line, not the file's last", async () => {
      const response = await fetch(`${server.origin}/after-await`);
      const body = await response.text();
      expect(response.status).toBe(500);
      expect(body).toContain('failed after an await');
      expect(body).toMatch(/errors\/http-throws\/app\.ts:15:\d+\)/);
      expect(body).not.toMatch(/app\.ts:(19|20):1\b/);
      expect(body).not.toMatch(NOISE);
      expect((await failureOf(server, '/after-await')).stack).toMatch(/app\.ts:15:\d+/);
      // The server goes on, and its stderr carries none of the engine's noise.
      expect(await (await fetch(`${server.origin}/`)).text()).toBe('ok');
      expect(server.stderr()).not.toMatch(NOISE);
    });
  });

  it('serve --no-expose-errors answers a generic 500; the log still has the exception', async () => {
    const server = await startServing(httpOut(engine), ['--no-expose-errors']);
    try {
      const response = await fetch(`${server.origin}/port?p=x`);
      expect([response.status, await response.text()]).toEqual([500, 'componentize serve: the handler failed\n']);
      const entry = await failureOf(server, '/port?p=x');
      expect(entry.message).toBe('not a port: x');
      expect(entry.stack).toMatch(/app\.ts:5:\d+/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 120_000);

  it('run --json of a throwing export: error.exception has the message and the mapped stack; no noise', async () => {
    const result = await runCli(['run', throwsOut(engine), '--invoke', 'parse-port("nope")', '--json']);
    expect(result.exitCode).toBe(1);
    const { error } = JSON.parse(result.stdout);
    expect(error).toMatchObject({
      code: 'TRAP',
      message: 'parsePort failed: not a port: nope',
      exception: { message: 'not a port: nope' },
      location: { line: 3, lineText: expect.stringContaining('throw new RangeError') },
    });
    expect(error.location.file).toMatch(/errors\/throws\/app\.ts$/);
    const frames = error.exception.stack.split('\n');
    expect(frames[0]).toMatch(/^ {4}at check \(.*errors\/throws\/app\.ts:3:\d+\)$/);
    expect(frames[1]).toMatch(/^ {4}at parsePort \(.*errors\/throws\/app\.ts:8:\d+\)$/);
    expect(result.stdout).not.toMatch(NOISE);
    // The engine's report became the error: nothing of it is left on stderr.
    expect(result.stderr).toBe('');
  });
});

describe('the dev server (serve <entry>)', () => {
  it("answers a throw with the exception's message and line, from the build it made", async () => {
    const server = await startServing(HTTP, [
      '--wit',
      'wasi:http/proxy',
      '--engine',
      'quickjs',
      '-o',
      join(OUT_DIR, 'dev-http-throws.wasm'),
    ]);
    try {
      const response = await fetch(`${server.origin}/after-await`);
      const body = await response.text();
      expect(response.status).toBe(500);
      expect(body).toMatch(/failed after an await\n {4}at .*errors\/http-throws\/app\.ts:15:\d+\)/);
      expect((await failureOf(server, '/after-await')).stack).toMatch(/app\.ts:15:\d+/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 120_000);
});
