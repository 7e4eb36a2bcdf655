import iconv from 'iconv-lite';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// Encode text into legacy code pages and decode it back.
export function run(input: string): string {
  const encodings = ['win1251', 'latin1', 'shift_jis', 'utf16le', 'cp437'];
  return encodings
    .map((e) => {
      const bytes = iconv.encode(input, e);
      return `${e}:${hex(bytes)}:${iconv.decode(bytes, e)}`;
    })
    .concat(`${iconv.encodingExists('koi8-r')}|${iconv.encodingExists('nope')}`)
    .join('\n');
}
