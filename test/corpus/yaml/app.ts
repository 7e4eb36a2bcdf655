import { parse, parseDocument, stringify } from 'yaml';

// Parse to data, edit a document keeping its comments, and stringify data back.
export function run(input: string): string {
  const data = parse(input);
  const doc = parseDocument(input);
  doc.set('edited', true);
  return `${JSON.stringify(data)}\n${doc.toString()}---\n${stringify({ list: data.items, nested: { n: 1.5, s: 'a: b' } })}`;
}
