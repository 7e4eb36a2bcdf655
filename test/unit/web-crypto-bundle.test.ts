// What a guest bundle carries: esbuild keeps only the algorithms passed to createSubtleWith, so
// an app that needs a digest or HMAC does not pay for curves, AES or RSA. A module-level side
// effect (a top-level loop, an object spread, an unannotated call) would silently undo that.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

async function inputs(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([file]) => file);
}

const entry = (names: string[]) =>
  `import { createSubtleWith${names.map((n) => `, ${n}`).join('')} } from './src/guest/web-crypto/index.ts';\n` +
  `globalThis.subtle = createSubtleWith({ getRandomValues: (a) => a }, [${names.join(', ')}]);`;

describe('tree shaking of the guest SubtleCrypto', () => {
  it.each([
    [[], ['@noble/curves', '@noble/ciphers', 'hmac.js', 'rsa-', 'aes.ts', 'ec.ts', 'okp.ts', 'curves.ts']],
    [['hmac'], ['@noble/curves', '@noble/ciphers', 'rsa-', 'aes.ts', 'ec.ts', 'okp.ts', 'kdf.ts']],
    [['aes'], ['@noble/curves', 'rsa-', 'ec.ts', 'okp.ts', 'hmac.ts']],
    [['ed25519'], ['weierstrass', 'montgomery', '@noble/ciphers', 'rsa-', 'ec.ts', 'aes.ts']],
    [['rsassa'], ['@noble/curves', '@noble/ciphers', 'ec.ts', 'okp.ts', 'aes.ts']],
  ])('%j leaves out %j', async (names, absent) => {
    const files = await inputs(entry(names));
    expect(files.some((f) => f.endsWith('subtle.ts'))).toBe(true);
    for (const a of absent) expect(files.filter((f) => f.includes(a))).toEqual([]);
  });
  it('createSubtle carries every algorithm', async () => {
    const files = await inputs(
      `import { createSubtle } from './src/guest/web-crypto/index.ts'; globalThis.subtle = createSubtle({ getRandomValues: (a) => a });`,
    );
    for (const f of [
      'aes.ts',
      'ec.ts',
      'okp.ts',
      'rsa.ts',
      'rsa-math.ts',
      'hmac.ts',
      'kdf.ts',
      'weierstrass.js',
      'edwards.js',
      'montgomery.js',
      '@noble/ciphers/aes.js',
    ]) {
      expect(files.some((x) => x.endsWith(f))).toBe(true);
    }
  });
});
