import {
  decode,
  decodeHTML,
  decodeXML,
  EntityLevel,
  encode,
  encodeHTML,
  encodeNonAsciiHTML,
  escapeUTF8,
} from 'entities';

// Encode and decode HTML and XML entities at several levels.
export function run(input: string): string {
  return [
    encode(input),
    encodeHTML(input),
    encodeNonAsciiHTML(input),
    escapeUTF8(input),
    decode('&lt;&gt; &amp;amp &#x3C; &euro; &notit;', { level: EntityLevel.HTML }),
    decodeXML('&apos;&quot;&euro;'),
    decodeHTML(encodeHTML(input)) === input,
  ].join('\n');
}
