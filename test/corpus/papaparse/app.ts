import Papa from 'papaparse';

// Parse CSV with a header and typed values, then write records back as CSV.
export function run(input: string): string {
  const parsed = Papa.parse<Record<string, unknown>>(input, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  const csv = Papa.unparse({
    fields: ['name', 'note'],
    data: [
      ['a, b', 'say "hi"'],
      ['c', 'line\nbreak'],
    ],
  });
  return `${JSON.stringify(parsed.data)}|${JSON.stringify(parsed.meta.fields)}|${parsed.errors.length}\n${csv}`;
}
