import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { contentKey } from '../dist/cache/keys.js';
import { assertEnginePatched, enginePatchFingerprint, PATCHED_PACKAGE, PATCHED_VERSION } from '../dist/engines/starlingmonkey/engine-patch.js';
import { ROOT } from './helpers/build-fixture.js';
import { engineNamed } from './helpers/engines.js';

describe('the componentize-js patch', () => {
  test('is for exactly the version package.json pins, and `npm ci` (prepare) applied it', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies[PATCHED_PACKAGE]).toBe(PATCHED_VERSION);
    expect(await readdir(join(ROOT, 'patches'))).toEqual([`@bytecodealliance+componentize-js+${PATCHED_VERSION}.patch`]);
    expect(pkg.scripts.prepare).toMatch(/^patch-package --error-on-fail --error-on-warn && /);
    await expect(assertEnginePatched()).resolves.toBeUndefined();
  });

  test('is part of the build cache key: another engine package content gives another key', async () => {
    const starlingmonkey = await engineNamed('starlingmonkey');
    expect(await enginePatchFingerprint()).toMatch(/^[0-9a-f]{16}$/);
    const options = (fingerprint: string) =>
      ({ engine: { ...starlingmonkey, packageFingerprint: async () => fingerprint }, weval: undefined, disable: { all: false, features: [] }, verify: true, verifyCall: undefined }) as never;
    const content = { code: 'x', fileName: 'app.js', map: undefined, resolvedWit: new Uint8Array(1), world: undefined, variant: 'default' };
    const [a, b, again] = await Promise.all([contentKey(options('aaaa'), content), contentKey(options('bbbb'), content), contentKey(options('aaaa'), content)]);
    expect(a).not.toBe(b);
    expect(a).toBe(again);
  });
});
