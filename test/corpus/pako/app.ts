import { deflate, deflateRaw, gzip, inflate, inflateRaw, ungzip } from 'pako';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// zlib deflate (bytes are deterministic), raw deflate and gzip round trips with a fixed header time.
export function run(input: string): string {
  const data = new TextEncoder().encode(input.repeat(3));
  const z = deflate(data, { level: 6 });
  const gz = gzip(data, { header: { time: 0, name: 'x.txt' } });
  return [
    hex(z),
    hex(deflateRaw(data, { level: 1 })),
    new TextDecoder().decode(inflate(z)) === input.repeat(3),
    inflateRaw(deflateRaw(data)).length,
    hex(gz),
    ungzip(gz).length,
  ].join('|');
}
