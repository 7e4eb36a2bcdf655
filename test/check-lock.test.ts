// `npm run check:lock` against a registry served on 127.0.0.1, so the verdict depends on what the
// test publishes there and nothing else.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = new URL('../scripts/check-lock.mjs', import.meta.url).pathname;

/** Package name → published versions. Anything else answers 404, as the registry does. */
const PUBLISHED: Record<string, string[]> = {
  '@fake/binding-linux-arm64-musl': ['0.3.1', '0.3.2'],
  'fake-range-binding': ['0.1.4'],
};

let server: Server;
let registry: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0]!);
    const versions = PUBLISHED[name];
    if (!versions) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
      return;
    }
    const doc = {
      name,
      'dist-tags': { latest: versions.at(-1) },
      versions: Object.fromEntries(
        versions.map((v) => [v, { name, version: v, dist: { tarball: `${registry}${name}/-/${v}.tgz` } }]),
      ),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  dir = await mkdtemp(join(tmpdir(), 'componentize-check-lock-'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** A lockfile whose parent package `fake-tool` declares the given optional dependencies, all as placeholders. */
async function lockfileWith(optional: Record<string, string>): Promise<string> {
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { 'fake-tool': '1.0.0' } },
    'node_modules/fake-tool': { name: 'fake-tool', version: '1.0.0', optionalDependencies: optional },
  };
  for (const name of Object.keys(optional))
    packages[`node_modules/fake-tool/node_modules/${name}`] = { optional: true };
  const file = join(dir, `lock-${Object.keys(optional).length}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }));
  return file;
}

function check(lockfile: string) {
  return execa('node', [script, '--lockfile', lockfile, '--registry', registry], { reject: false });
}

describe('check:lock', () => {
  it('passes when every placeholder is still unpublished', async () => {
    const run = await check(await lockfileWith({ '@fake/binding-win32-x64': '0.3.2', 'fake-never': '^1.0.0' }));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('is healthy');
    expect(run.exitCode).toBe(0);
  });

  it('fails on a placeholder whose exact version is now published, naming it and the fix', async () => {
    const run = await check(
      await lockfileWith({ '@fake/binding-win32-x64': '0.3.2', '@fake/binding-linux-arm64-musl': '0.3.2' }),
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('1 stale placeholder');
    expect(run.stderr).toContain('node_modules/fake-tool/node_modules/@fake/binding-linux-arm64-musl');
    expect(run.stderr).toContain('@fake/binding-linux-arm64-musl@0.3.2 is now published');
    expect(run.stderr).not.toContain('binding-win32-x64');
    expect(run.stderr).toContain('Run `npm run lock`');
  });

  it('ignores other versions of a published package', async () => {
    const run = await check(await lockfileWith({ '@fake/binding-linux-arm64-musl': '0.4.0' }));
    expect(run.exitCode).toBe(0);
  });

  it('lets npm decide a range spec on a published package', async () => {
    const stale = await check(await lockfileWith({ 'fake-range-binding': '^0.1.0' }));
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('fake-range-binding@^0.1.0 is now published (0.1.4)');
    const fine = await check(await lockfileWith({ 'fake-range-binding': '^0.2.0' }));
    expect(fine.exitCode).toBe(0);
  });

  it('fails (exit 2) when the registry cannot be asked, rather than passing', async () => {
    const run = await execa(
      'node',
      [script, '--lockfile', await lockfileWith({ 'fake-never': '1.0.0' }), '--registry', 'http://127.0.0.1:9/'],
      {
        reject: false,
      },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('could not reach the registry for fake-never');
  });
});
