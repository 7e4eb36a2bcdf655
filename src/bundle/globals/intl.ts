import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { invalidOption } from '../../errors.js';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';

/**
 * `Intl` for engines without it (QuickJS-NG, StarlingMonkey): FormatJS's polyfills, which follow
 * ECMA-402 on CLDR data, plus our simplified root Collator (src/guest/intl/collator.ts: FormatJS
 * has none). They also replace `Number`/`BigInt`/`Date.prototype.toLocale*String` and
 * `String.prototype.localeCompare`, whose engine versions ignore the locale. Locale data is
 * bundled per locale (~0.5 MB of source each), English always; the IANA time zones are
 * FormatJS's "golden" set (every zone in use, ~0.8 MB of source). In a bundle only when its code
 * reads `Intl` or calls one of those methods (fetch.ts `impliedGlobals`).
 */

/** The locale every build gets; `--locales` adds to it. */
export const DEFAULT_LOCALE = 'en';

/** The FormatJS packages in install order (each needs the ones before it), and whether each has locale data. */
const PACKAGES: readonly { name: string; localeData: boolean }[] = [
  { name: 'intl-getcanonicallocales', localeData: false },
  { name: 'intl-locale', localeData: false },
  { name: 'intl-pluralrules', localeData: true },
  { name: 'intl-numberformat', localeData: true },
  { name: 'intl-datetimeformat', localeData: true },
  { name: 'intl-relativetimeformat', localeData: true },
  { name: 'intl-listformat', localeData: true },
  { name: 'intl-displaynames', localeData: true },
  { name: 'intl-segmenter', localeData: false },
];

function guestModule(name: string): string {
  return join(PACKAGE_ROOT, 'dist', 'guest', 'intl', `${name}.js`);
}

function localeDataFile(pkg: string, tag: string): string {
  return join(PACKAGE_ROOT, 'node_modules', '@formatjs', pkg, 'locale-data', `${tag}.js`);
}

/**
 * The locale-data file of `pkg` for `locale`: the tag itself, else its parents (`fr-CA` → `fr`,
 * as plural rules exist per language only); undefined when there is none.
 */
function localeDataFor(pkg: string, locale: string): string | undefined {
  const subtags = locale.split('-');
  for (let n = subtags.length; n > 0; n--) {
    const tag = subtags.slice(0, n).join('-');
    if (existsSync(localeDataFile(pkg, tag))) return `@formatjs/${pkg}/locale-data/${tag}.js`;
  }
  return undefined;
}

/** English and the asked-for locales, once each, canonical (`fr-ca` → `fr-CA`). */
export function intlLocales(asked: readonly string[]): string[] {
  return [...new Set([DEFAULT_LOCALE, ...asked])];
}

/** The module that installs `Intl` with data for `locales` (canonical tags) and exports it. */
export function intlPolyfillSource(locales: readonly string[]): string {
  const imports: string[] = [];
  for (const pkg of PACKAGES) {
    imports.push(`@formatjs/${pkg.name}/polyfill-force.js`);
    if (!pkg.localeData) continue;
    for (const locale of locales) {
      const data = localeDataFor(pkg.name, locale);
      if (data === undefined) {
        throw invalidOption(`Invalid value for locales: there is no locale data for "${locale}"`, {
          hint: 'Use a CLDR locale such as de, fr-CA or pt-BR (English is always included).',
        });
      }
      if (!imports.includes(data)) imports.push(data);
    }
  }
  // Each zone unpacked when first read, not in the snapshot (lazy-time-zones.ts): before the data.
  imports.push(guestModule('lazy-time-zones'), '@formatjs/intl-datetimeformat/add-golden-tz.js');
  const collator = guestModule('collator');
  return `${imports.map((i) => `import ${JSON.stringify(i)};`).join('\n')}
import { Collator, installLocaleCompare } from ${JSON.stringify(collator)};
Object.defineProperty(globalThis.Intl, 'Collator', { value: Collator, writable: true, configurable: true });
installLocaleCompare();
export const Intl = globalThis.Intl;
`;
}
