import { createHash } from 'node:crypto';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

/**
 * One --cache-dir used by several builds at once, as CI machines sharing a cache directory do:
 * different projects, and the same project from several directories and into several outputs.
 * Every component written must be its own project's and run; every entry left in the cache must
 * be whole (its component and map match their recorded hashes); no build warns of a damaged one.
 */
const GREETINGS = ['Hello', 'Bonjour', 'Hallo'];

async function project(greeting: string): Promise<string> {
  const dir = await scratchDir();
  await cp(join(FIXTURES, 'hello'), dir, { recursive: true });
  const app = await readFile(join(dir, 'app.ts'), 'utf8');
  await writeFile(join(dir, 'app.ts'), app.replace('Hello', greeting));
  return dir;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe('one cache directory shared by concurrent builds', () => {
  test('different projects and the same project, built at once twice: every output is right, every entry whole', async () => {
    const cacheDir = join(await scratchDir(), 'shared-cache');
    // Two directories of each project; the first also built into a second output at the same time.
    const builds: { dir: string; out: string; greeting: string }[] = [];
    for (const greeting of GREETINGS) {
      const [a, b] = [await project(greeting), await project(greeting)];
      builds.push(
        { dir: a, out: 'one.wasm', greeting },
        { dir: a, out: 'two.wasm', greeting },
        { dir: b, out: 'one.wasm', greeting },
      );
    }
    for (const round of ['cold', 'warm']) {
      const results = await Promise.all(
        builds.map((b) =>
          runCli(['app.ts', '--wit', 'world.wit', '-o', b.out, '--sourcemap', '--cache-dir', cacheDir, '--json'], {
            cwd: b.dir,
          }),
        ),
      );
      for (const result of results) {
        expect(result.exitCode, `${round}: ${result.stderr}`).toBe(0);
        const report = JSON.parse(result.stdout);
        expect(report.warnings.map((w: { code: string }) => w.code)).not.toContain('CACHE_CORRUPT');
        if (round === 'warm') expect(report.cache.status).toBe('hit');
      }
      const calls = await Promise.all(
        builds.map((b) => runCli(['run', join(b.dir, b.out), '--invoke', 'greet("World")'])),
      );
      expect(calls.map((c) => c.stdout.trim())).toEqual(builds.map((b) => JSON.stringify(`${b.greeting}, World!`)));
    }

    const entriesDir = join(cacheDir, 'v1', 'entries');
    const entries = (await readdir(entriesDir)).filter((name) => !name.startsWith('.'));
    // One entry per project: the same inputs from anywhere are one entry.
    expect(entries).toHaveLength(GREETINGS.length);
    expect((await readdir(entriesDir)).filter((name) => name.startsWith('.'))).toEqual([]);
    for (const name of entries) {
      const meta = JSON.parse(await readFile(join(entriesDir, name, 'meta.json'), 'utf8'));
      expect(meta.key).toBe(name);
      expect(sha256(await readFile(join(entriesDir, name, 'component.wasm')))).toBe(meta.component.sha256);
      expect(sha256(await readFile(join(entriesDir, name, 'component.wasm.map'), 'utf8'))).toBe(meta.map.sha256);
    }
  });
});
