import { readFile } from 'node:fs/promises';

/**
 * A FormatJS locale-data module as the JSON text of the object it registers, for the guest to
 * register on first use (src/guest/intl/lazy-locale-data.ts). The modules come in two generated
 * shapes: `Intl.X.__addLocaleData({...})` with the object as a literal, and a function called
 * with `JSON.parse("...")`. Undefined for any other shape: that module is imported as it is.
 */
export async function localeDataJson(file: string): Promise<string | undefined> {
  const source = await readFile(file, 'utf8');
  const candidates: string[] = [];
  const parsed = /JSON\.parse\(("(?:[^"\\]|\\.)*")\)\);?\s*$/.exec(source);
  if (parsed) candidates.push(JSON.parse(parsed[1]!) as string);
  // The literal ends at the first `})` after which the text parses (a `})` inside a string does not).
  const start = source.indexOf('__addLocaleData({');
  if (start >= 0) {
    const from = start + '__addLocaleData('.length;
    for (let end = source.indexOf('})', from); end >= 0; end = source.indexOf('})', end + 1)) {
      const text = source.slice(from, end + 1);
      if (isLocaleData(text)) {
        candidates.push(text);
        break;
      }
    }
  }
  const text = candidates.find(isLocaleData);
  return text === undefined ? undefined : JSON.stringify(JSON.parse(text));
}

function isLocaleData(text: string): boolean {
  try {
    const data = JSON.parse(text) as { data?: unknown; locale?: unknown } | null;
    return typeof data?.locale === 'string' && data.data !== undefined;
  } catch {
    return false;
  }
}
