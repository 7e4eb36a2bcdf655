import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { type RebuildEvent, serveEntry } from '../dist/index.js';
import { FIXTURES, scratchDir } from './helpers/build-fixture.js';
import { startServing } from './helpers/serve.js';
import { waitFor } from './helpers/wait-for.js';

// `serve <entry>` as a dev server: a copy of the hello handler is served (QuickJS builds fast),
// rewritten and broken; requests always get an answer from the last good build.
const BODY = "'hello'";

async function helloCopy(): Promise<{ dir: string; entry: string; source: string }> {
  const dir = await scratchDir();
  await cp(join(FIXTURES, 'bench-http'), dir, { recursive: true });
  const entry = join(dir, 'app.ts');
  return { dir, entry, source: await readFile(entry, 'utf8') };
}

const body = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(20_000) })).text();

test('the CLI rebuilds on change, keeps the last good build on a broken save, and stops on Ctrl-C', async () => {
  const { entry, source } = await helloCopy();
  const server = await startServing(entry, ['--wit', 'wasi:http/proxy', '--engine', 'quickjs']);
  const rebuilds = () => server.logLines().filter((l) => l.kind === 'rebuild');
  const until = (what: string, count: number) =>
    waitFor(() => rebuilds().length >= count && rebuilds(), { what, timeoutMs: 120_000, seen: server.stderr });
  try {
    expect(await body(server.origin)).toBe('hello');

    await writeFile(entry, source.replace(BODY, "'B'"));
    // While it rebuilds, requests are answered, by one build or the other.
    expect(['hello', 'B']).toContain(await body(server.origin));
    const [good] = await until('a rebuild line after the edit', 1);
    expect(good).toMatchObject({ ok: true, changed: [expect.stringMatching(/app\.ts$/)] });
    expect(await body(server.origin)).toBe('B');

    await writeFile(entry, source.replace(BODY, "'B' +;"));
    const [, broken] = await until('a failed rebuild line after the broken save', 2);
    expect(broken).toMatchObject({ ok: false, error: { code: 'BUNDLE_FAILED', location: { line: 4 } } });
    expect(await body(server.origin)).toBe('B');
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 300_000);

test('serveEntry() returns a handle: url, one rebuild event per change, close()', async () => {
  const { entry, source } = await helloCopy();
  const server = await serveEntry({
    build: { entry, wit: 'wasi:http/proxy', engine: 'quickjs', out: entry.replace(/\.ts$/, '.wasm') },
    port: 0,
    host: '127.0.0.1',
    reuse: true,
    log: () => {},
  });
  const events: RebuildEvent[] = [];
  server.events.on('rebuild', (event) => events.push(event));
  try {
    expect(server.url).toBe(`http://127.0.0.1:${server.address.port}/`);
    expect(await body(server.url)).toBe('hello');
    await writeFile(entry, source.replace(BODY, "'C'"));
    await waitFor(() => events.length >= 1, { what: 'a rebuild event', timeoutMs: 120_000 });
    expect(events.map((e) => e.ok)).toEqual([true]);
    // --reuse: the new component's instance, not the old one kept.
    expect(await body(server.url)).toBe('C');
  } finally {
    await server.close();
  }
}, 300_000);
