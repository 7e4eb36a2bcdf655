import { describe, expect, test } from 'vitest';
import { impliedGlobals } from '../../src/bundle/globals/fetch.js';
import { checkLocales, intlCoreSource, intlLocales, intlPolyfillSource } from '../../src/bundle/globals/intl.js';
import { ComponentizeError } from '../../src/errors.js';
import { globalReads } from '../../src/js/free-globals.js';
import { parseBundle } from '../../src/js/parse-bundle.js';
import { resolveOptions } from '../../src/options/resolve.js';
import { buildOptionsSchema } from '../../src/options/schema.js';

const BASE = { entry: 'app.ts', wit: 'world.wit' };
const CORE = '/dist/vendor/globals/intl-core.js';
const parsedLocales = (locales: unknown) => buildOptionsSchema.parse({ ...BASE, locales }).locales;

describe('the locales option', () => {
  test('takes a comma-separated string (the flag) or an array (the config), canonical, once each', () => {
    expect(parsedLocales('de,fr-ca')).toEqual(['de', 'fr-CA']);
    expect(parsedLocales(' de , ,DE')).toEqual(['de']);
    expect(parsedLocales(['pt-br', 'ja'])).toEqual(['pt-BR', 'ja']);
  });

  test('is none by default: English only', () => {
    expect(buildOptionsSchema.parse(BASE).locales).toEqual([]);
    expect(intlLocales([])).toEqual(['en']);
    expect(intlLocales(['de', 'en'])).toEqual(['en', 'de']);
  });

  test('a malformed tag is a user error naming it and the option', async () => {
    const error = await resolveOptions({ ...BASE, locales: 'de,not a tag' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentizeError);
    expect((error as ComponentizeError).code).toBe('INVALID_OPTION');
    expect((error as Error).message).toContain('locales');
    expect((error as Error).message).toContain('"not a tag"');
  });
});

describe('the Intl polyfill module', () => {
  test("queues each locale's data, falling back to the language where a package has none", async () => {
    const source = await intlPolyfillSource(intlLocales(['fr-CA']), CORE);
    const queued = [...source.matchAll(/addLocaleDataLater\("(\w+)", "(.*)"\);/g)].map(
      ([, service, json]) => `${service} ${(JSON.parse(JSON.parse(`"${json}"`)) as { locale: string }).locale}`,
    );
    expect(queued).toContain('NumberFormat en');
    expect(queued).toContain('NumberFormat fr-CA');
    expect(queued).toContain('DateTimeFormat fr-CA');
    expect(queued).not.toContain('NumberFormat de');
    // Five services in two locales; plural rules' data holds functions (not JSON), so its modules
    // are imported as they are, per language.
    expect(queued).toHaveLength(10);
    const imported = [...source.matchAll(/import "(@formatjs\/[^"]*\/locale-data\/[^"]*)"/g)].map((m) => m[1]);
    expect(imported).toEqual([
      '@formatjs/intl-pluralrules/locale-data/en.js',
      '@formatjs/intl-pluralrules/locale-data/fr.js',
    ]);
  });

  test('the core is imported before the data that registers with it', async () => {
    const source = await intlPolyfillSource(['en'], CORE);
    expect(source.indexOf(CORE)).toBeLessThan(source.indexOf('locale-data/en.js'));
    expect(source.indexOf(CORE)).toBeLessThan(source.indexOf('addLocaleDataLater("NumberFormat"'));
  });

  test('the time zones come after the lazy unpacker that replaces their registration', () => {
    const source = intlCoreSource();
    const lazy = source.indexOf('lazy-time-zones.js');
    expect(lazy).toBeGreaterThan(source.indexOf('intl-datetimeformat/polyfill-force.js'));
    expect(source.indexOf('add-golden-tz.js')).toBeGreaterThan(lazy);
  });

  test('a locale without CLDR data is a user error, found before bundling', async () => {
    expect(() => checkLocales(['de', 'xx-Unknown'])).toThrow(/no locale data for "xx-Unknown"/);
    expect(() => checkLocales(['de', 'fr-CA', 'pt-BR'])).not.toThrow();
    await expect(intlPolyfillSource(['en', 'xx-Unknown'], CORE)).rejects.toThrow(/no locale data for "xx-Unknown"/);
  });
});

describe('which bundles get Intl', () => {
  const implied = (code: string) => {
    const program = parseBundle(code);
    return impliedGlobals(program, new Set(globalReads(program).map((r) => r.name)));
  };

  test('code calling a locale-sensitive method of a built-in does', () => {
    expect(implied('export const f = (n) => n.toLocaleString("de");')).toEqual(['Intl']);
    expect(implied('export const f = (d) => d.toLocaleDateString();')).toEqual(['Intl']);
    expect(implied('export const f = (a, b) => a.localeCompare(b);')).toEqual(['Intl']);
  });

  test('code that reads Intl has it already; other code gets none', () => {
    expect(implied('export const f = () => new Intl.NumberFormat().format(1);')).toEqual([]);
    expect(implied('export const f = (n) => n.toFixed(2);')).toEqual([]);
  });
});
