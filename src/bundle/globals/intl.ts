import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { invalidOption } from '../../errors.js';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';
import { localeDataJson } from './intl-data.js';

/**
 * `Intl` for engines without it (QuickJS-NG, StarlingMonkey): FormatJS's polyfills, which follow
 * ECMA-402 on CLDR data, plus our simplified root Collator (src/guest/intl/collator.ts: FormatJS
 * has none). They also replace `Number`/`BigInt`/`Date.prototype.toLocale*String` and
 * `String.prototype.localeCompare`, whose engine versions ignore the locale. Locale data is
 * bundled per locale as JSON text registered on first use (intl-data.ts, lazy-locale-data.ts),
 * English always; the IANA time zones are FormatJS's "golden" set (every zone in use), each
 * unpacked on first use (lazy-time-zones.ts). In a bundle only when its code reads `Intl` or
 * calls one of those methods (fetch.ts `impliedGlobals`). Sizes: README "Intl".
 */

/** The locale every build gets; `--locales` adds to it. */
export const DEFAULT_LOCALE = 'en';

/**
 * The FormatJS packages in install order (each needs the ones before it), and for those with
 * locale data, the Intl service their data registers with.
 */
const PACKAGES: readonly { name: string; service?: string }[] = [
  { name: 'intl-getcanonicallocales' },
  { name: 'intl-locale' },
  { name: 'intl-pluralrules', service: 'PluralRules' },
  { name: 'intl-numberformat', service: 'NumberFormat' },
  { name: 'intl-datetimeformat', service: 'DateTimeFormat' },
  { name: 'intl-relativetimeformat', service: 'RelativeTimeFormat' },
  { name: 'intl-listformat', service: 'ListFormat' },
  { name: 'intl-displaynames', service: 'DisplayNames' },
  { name: 'intl-segmenter' },
];

function guestModule(name: string): string {
  return join(PACKAGE_ROOT, 'dist', 'guest', 'intl', `${name}.js`);
}

function localeDataFile(pkg: string, tag: string): string {
  return join(PACKAGE_ROOT, 'node_modules', '@formatjs', pkg, 'locale-data', `${tag}.js`);
}

/**
 * The tag of `pkg`'s locale data for `locale`: the tag itself, else its parents (`fr-CA` → `fr`,
 * as plural rules exist per language only); undefined when there is none.
 */
function localeDataTag(pkg: string, locale: string): string | undefined {
  const subtags = locale.split('-');
  for (let n = subtags.length; n > 0; n--) {
    const tag = subtags.slice(0, n).join('-');
    if (existsSync(localeDataFile(pkg, tag))) return tag;
  }
  return undefined;
}

function noLocaleData(locale: string) {
  return invalidOption(`Invalid value for locales: there is no locale data for "${locale}"`, {
    hint: 'Use a CLDR locale such as de, fr-CA or pt-BR (English is always included).',
  });
}

/** Throws for a locale some FormatJS package has no data for: before bundling, not inside it. */
export function checkLocales(locales: readonly string[]): void {
  for (const locale of locales)
    for (const pkg of PACKAGES)
      if (pkg.service && localeDataTag(pkg.name, locale) === undefined) throw noLocaleData(locale);
}

/** English and the asked-for locales, once each, canonical (`fr-ca` → `fr-CA`). */
export function intlLocales(asked: readonly string[]): string[] {
  return [...new Set([DEFAULT_LOCALE, ...asked])];
}

/** The pre-bundled file of the Intl core (`prebundledGlobal`), minified by `npm run build`. */
export const INTL_CORE = 'intl-core';

/**
 * The part of the Intl module that every build shares: the services, the time zones, our
 * Collator and the lazy locale data's queue. `npm run build` bundles it once, minified
 * (scripts/bundle-vendor.mjs): ~1.2 MB less of a QuickJS component than bundled unminified.
 */
export function intlCoreSource(): string {
  const imports = [
    ...PACKAGES.map((pkg) => `@formatjs/${pkg.name}/polyfill-force.js`),
    // Each zone unpacked when first read, not in the snapshot (lazy-time-zones.ts): before the data.
    guestModule('lazy-time-zones'),
    '@formatjs/intl-datetimeformat/add-golden-tz.js',
  ];
  return `${imports.map((i) => `import ${JSON.stringify(i)};`).join('\n')}
export { Collator, installLocaleCompare } from ${JSON.stringify(guestModule('collator'))};
export { addLocaleDataLater, installLazyLocaleData } from ${JSON.stringify(guestModule('lazy-locale-data'))};
`;
}

/**
 * The module that installs `Intl` with data for `locales` (canonical tags) and exports it, over
 * `core`: the pre-bundled core's file (or a module with `intlCoreSource()`).
 */
export async function intlPolyfillSource(locales: readonly string[], core: string): Promise<string> {
  const imports: string[] = [];
  const lazyData: string[] = [];
  for (const pkg of PACKAGES) {
    if (!pkg.service) continue;
    const done = new Set<string>();
    for (const locale of locales) {
      const tag = localeDataTag(pkg.name, locale);
      if (tag === undefined) throw noLocaleData(locale);
      if (done.has(tag)) continue;
      done.add(tag);
      // As JSON text registered on first use (lazy-locale-data.ts), else the module as it is.
      const json = await localeDataJson(localeDataFile(pkg.name, tag));
      if (json === undefined) imports.push(`@formatjs/${pkg.name}/locale-data/${tag}.js`);
      else lazyData.push(`addLocaleDataLater(${JSON.stringify(pkg.service)}, ${JSON.stringify(json)});`);
    }
  }
  // The core first: the data modules register with its services.
  return `import { Collator, installLocaleCompare, addLocaleDataLater, installLazyLocaleData } from ${JSON.stringify(core)};
${imports.map((i) => `import ${JSON.stringify(i)};`).join('\n')}
${lazyData.join('\n')}
installLazyLocaleData();
Object.defineProperty(globalThis.Intl, 'Collator', { value: Collator, writable: true, configurable: true });
installLocaleCompare();
export const Intl = globalThis.Intl;
`;
}
