import * as he from 'he';

// HTML entity encoding (named and numeric, astral symbols) and decoding.
export function run(input: string): string {
  return [
    he.encode(input),
    he.encode(input, { useNamedReferences: true, encodeEverything: false }),
    he.escape(input),
    he.decode('&copy; &#x1D306; &amp;lt; &notin; &Aacute;x &foo;'),
  ].join('\n');
}
