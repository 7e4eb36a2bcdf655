// Shared by the web-crypto-*.test.ts files: our SubtleCrypto next to Node's, and byte helpers.
import { createSubtle } from '../../src/guest/web-crypto/index.js';

export const node = globalThis.crypto.subtle;
export const ours = createSubtle({ getRandomValues: (a) => globalThis.crypto.getRandomValues(a) });
// Both expose the same method signatures; the tests call either through this loose type.
export type AnySubtle = { [K in keyof SubtleCrypto]: (...args: any[]) => Promise<any> };
export const impls: [string, AnySubtle][] = [
  ['node', node as unknown as AnySubtle],
  ['ours', ours as unknown as AnySubtle],
];

export const hex = (b: ArrayBuffer | Uint8Array): string =>
  Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
export const random = (n: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(n));

/** The error name a rejected promise carries (the test fails if it resolves). */
export async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).name;
  }
  return 'resolved';
}

/** Exported material in a comparable form: hex for bytes, the JWK minus members that may differ. */
export async function exported(subtle: AnySubtle, format: string, key: unknown): Promise<unknown> {
  const out = await subtle.exportKey(format, key);
  if (out instanceof ArrayBuffer) return hex(out);
  const { key_ops, ext, ...rest } = out as Record<string, unknown>;
  return { ...rest, key_ops: [...(key_ops as string[])].sort(), ext };
}
