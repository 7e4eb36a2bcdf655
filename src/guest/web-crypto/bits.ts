import { fail } from './errors.js';

/** A shared secret cut to `length` bits (null: all of it), as ECDH/X25519 deriveBits return it. */
export function truncateBits(secret: Uint8Array, length: number | null): Uint8Array {
  if (length === null) return secret;
  if (length > secret.length * 8) fail('OperationError', `length exceeds the ${secret.length * 8}-bit secret`);
  const out = secret.slice(0, Math.ceil(length / 8));
  // Bits past `length` in the last byte are zero, as the spec's "first length bits" reads.
  if (length % 8) out[out.length - 1] = out[out.length - 1]! & (0xff << (8 - (length % 8)));
  return out;
}
