import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export interface Sizes {
  /** Bytes of the component as written. */
  raw: number;
  /** Bytes after gzip -9: what a registry or CDN transfers. */
  gzip: number;
}

export async function measureSizes(bytes: Uint8Array): Promise<Sizes> {
  const zipped = await gzipAsync(bytes, { level: 9 });
  return { raw: bytes.byteLength, gzip: zipped.byteLength };
}
