import { NIL, parse, stringify, v3, v4, v5, v7, validate, version } from 'uuid';

// Name-based UUIDs are deterministic; random ones are reported by their shape only.
export function run(input: string): string {
  const url = v5(input, v5.URL);
  const dns = v3(input, v3.DNS);
  const bytes = parse(url);
  return [url, dns, stringify(bytes) === url, version(v4()), version(v7()), validate(input), validate(NIL)].join('|');
}
