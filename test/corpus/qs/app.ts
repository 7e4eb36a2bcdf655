import qs from 'qs';

// Parse nested query strings and stringify objects with several array formats.
export function run(input: string): string {
  const parsed = qs.parse(input, { ignoreQueryPrefix: true, allowDots: true, comma: true });
  return [
    JSON.stringify(parsed),
    qs.stringify(parsed, { encodeValuesOnly: true }),
    qs.stringify({ a: [1, 2], b: { c: 'd e' } }, { arrayFormat: 'brackets' }),
    qs.stringify({ a: [1, 2], b: null, c: undefined }, { arrayFormat: 'comma', strictNullHandling: true }),
  ].join('\n');
}
