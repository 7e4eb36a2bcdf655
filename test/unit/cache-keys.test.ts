import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { contentKey, optionsKey } from '../../src/cache/keys.js';
import { resolveOptions } from '../../src/options/resolve.js';
import type { BuildOptions } from '../../src/options/schema.js';
import type { ResolvedOptions } from '../../src/options/types.js';

const HELLO = fileURLToPath(new URL('../../fixtures/hello/', import.meta.url));
const BASE: BuildOptions = { entry: 'app.ts', wit: 'world.wit', cwd: HELLO, cache: false };
const CONTENT = {
  code: 'export const x = 1;',
  fileName: 'app.js',
  map: undefined,
  resolvedWit: new Uint8Array([1, 2, 3]),
  world: undefined,
  variant: 'default',
};

/**
 * Every option that can change the component, with a second value. The build reads the option
 * before the content exists (the options key, with the input hashes, finds a repeated build) and
 * after (the content key): both must tell the two values apart.
 */
const CHANGES_OUTPUT: [keyof BuildOptions, unknown][] = [
  ['nodeEnv', 'development'],
  ['conditions', ['custom']],
  ['locales', ['de']],
  ['minify', true],
  ['engine', 'starlingmonkey'],
  ['variant', 'sync'],
  ['disable', ['all']],
  ['typecheck', true],
  ['verify', false],
  ['verifyCall', 'greet("x")'],
];

describe('cache keys follow every option that changes the output', () => {
  let base: ResolvedOptions;
  beforeAll(async () => {
    base = await resolveOptions(BASE);
  });

  test.each(CHANGES_OUTPUT)('%s changes the options key', async (key, value) => {
    const changed = await resolveOptions({ ...BASE, [key]: value });
    expect(await optionsKey(changed)).not.toBe(await optionsKey(base));
  });

  test('another entry changes the options key; the same entry written elsewhere does not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'componentize-keys-'));
    try {
      await cp(HELLO, dir, { recursive: true });
      await cp(join(dir, 'app.ts'), join(dir, 'other.ts'));
      const [app, other, elsewhere] = await Promise.all([
        resolveOptions({ ...BASE, cwd: dir }),
        resolveOptions({ ...BASE, cwd: dir, entry: 'other.ts' }),
        resolveOptions({ ...BASE, cwd: dir, out: 'x.wasm' }),
      ]);
      expect(await optionsKey(other)).not.toBe(await optionsKey(app));
      expect(await optionsKey(elsewhere)).toBe(await optionsKey(app));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test.each(['engine', 'disable', 'verify', 'verifyCall'] as const)(
    '%s changes the content key for the same content',
    async (key) => {
      const value = CHANGES_OUTPUT.find(([k]) => k === key)![1];
      const changed = await resolveOptions({ ...BASE, [key]: value });
      expect(await contentKey(changed, CONTENT)).not.toBe(await contentKey(base, CONTENT));
    },
  );

  test('the output path, writing the map and the cache location change neither key', async () => {
    // `npm run build` (the CLI, --sourcemap or not) and componentize/test's build (with a map, to
    // its own output path) share one entry: every entry keeps the map, emit writes it when asked.
    const elsewhere = await resolveOptions({
      ...BASE,
      out: '/tmp/elsewhere.wasm',
      sourcemap: true,
      cacheDir: '/tmp/other-cache',
      allow: ['wasi:*'],
    });
    expect(await optionsKey(elsewhere)).toBe(await optionsKey(base));
    expect(await contentKey(elsewhere, CONTENT)).toBe(await contentKey(base, CONTENT));
  });
});
