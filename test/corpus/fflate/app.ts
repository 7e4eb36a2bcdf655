import { decompressSync, deflateSync, inflateSync, strFromU8, strToU8, unzipSync, zipSync, zlibSync } from 'fflate';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// Deflate and zlib bytes (deterministic for a fixed level), round trips, and a zip archive (fixed mtime).
export function run(input: string): string {
  const data = strToU8(input.repeat(4));
  const deflated = deflateSync(data, { level: 9 });
  const zipped = zipSync(
    { 'a.txt': data, 'dir/b.txt': strToU8('b') },
    { level: 6, mtime: new Date('2020-01-01T00:00:00Z') },
  );
  const files = unzipSync(zipped);
  return [
    hex(deflated),
    hex(zlibSync(data, { level: 1 })),
    strFromU8(inflateSync(deflated)) === input.repeat(4),
    strFromU8(decompressSync(zlibSync(data))).length,
    Object.keys(files).join(','),
    zipped.length,
  ].join('|');
}
