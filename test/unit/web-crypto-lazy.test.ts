// What a snapshot of the guest carries: engines evaluate the bundle before snapshotting, so
// whatever a module builds when evaluated is in every component. @noble/ciphers' AES builds
// ~1.3 MB of tables (Uint32Array(65536)s): they must be built at the first AES call, not when
// createSubtle's bundle loads. And StarlingMonkey's subtle: ours, with the engine's digest.
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createSubtleOver } from '../../src/guest/web-crypto/index.js';
import { bytes, errorName, hex, node, ours } from './web-crypto-helpers.js';

const root = new URL('../..', import.meta.url).pathname;

describe('lazy AES', () => {
  it('the bundle builds no AES table when it loads, only at the first encrypt', async () => {
    const bundled = await build({
      stdin: {
        contents: "export { createSubtle } from './src/guest/web-crypto/index.ts';",
        resolveDir: root,
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'webCrypto',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
    const context: Record<string, unknown> = {};
    runInNewContext(
      `var tables = 0; var Base = Uint32Array;
       Uint32Array = class extends Base { constructor(...a) { super(...a); if (a[0] === 65536) tables++; } };`,
      context,
    );
    runInNewContext(bundled.outputFiles[0]!.text, context);
    const subtle = runInNewContext('webCrypto.createSubtle({ getRandomValues: (a) => a })', context);
    expect(context.tables).toBe(0);
    const raw = new Uint8Array(16).fill(1);
    const iv = new Uint8Array(16);
    const key = await subtle.importKey('raw', raw, 'AES-CBC', false, ['encrypt']);
    expect(context.tables).toBe(0);
    const sealed = await subtle.encrypt({ name: 'AES-CBC', iv }, key, bytes('lazy'));
    expect(context.tables).toBeGreaterThan(0);
    const nodeKey = await node.importKey('raw', raw, 'AES-CBC', false, ['encrypt']);
    expect(hex(sealed)).toBe(hex(await node.encrypt({ name: 'AES-CBC', iv }, nodeKey, bytes('lazy'))));
  });
});

describe('createSubtleOver (StarlingMonkey)', () => {
  const asked: string[] = [];
  const native = {
    digest(name: string, data: Uint8Array) {
      asked.push(name);
      return node.digest(name, data);
    },
  };
  const over = createSubtleOver(native, ours);

  it("digest is the engine's, under the spec's name, after our checks", async () => {
    asked.length = 0;
    const data = bytes('abc');
    expect(hex(await over.digest({ name: 'sha-256' }, data))).toBe(hex(await node.digest('SHA-256', data)));
    expect(asked).toEqual(['SHA-256']);
    expect(await errorName(over.digest('MD5', data))).toBe('NotSupportedError');
    expect(await errorName(over.digest('SHA-1', 'not bytes'))).toBe('TypeError');
    expect(asked).toEqual(['SHA-256']);
  });

  it('every algorithm with keys is ours, so its keys go back into it', async () => {
    const key = await over.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
    const signature = await over.sign('HMAC', key, bytes('m'));
    expect(await over.verify('HMAC', key, signature, bytes('m'))).toBe(true);
    expect(await ours.verify('HMAC', key, signature, bytes('m'))).toBe(true);
    expect(asked).toEqual(['SHA-256']);
  });
});
