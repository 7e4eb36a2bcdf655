/**
 * `Intl.Collator` and `String.prototype.localeCompare` for engines without Intl. FormatJS has no
 * Collator and the CLDR root collation tables (DUCET) are megabytes, so this is a simplified
 * root collation, the same for every locale: strings compare letter by letter on the base letter
 * first (accents and case ignored: 'a' < 'B' < 'c', 'é' sorts with 'e'), then on the accents,
 * then on case (lowercase first, as in CLDR root). `numeric: true` compares digit runs as
 * numbers; `ignorePunctuation` drops punctuation and spaces; `sensitivity` picks the levels that
 * count. Language-specific tailorings (Swedish 'ä' after 'z', German phonebook) are not there.
 */

type Sensitivity = 'base' | 'accent' | 'case' | 'variant';
type Usage = 'sort' | 'search';

export interface CollatorOptions {
  usage?: Usage;
  sensitivity?: Sensitivity;
  ignorePunctuation?: boolean;
  numeric?: boolean;
  caseFirst?: 'upper' | 'lower' | 'false';
  localeMatcher?: string;
  collation?: string;
}

interface Key {
  base: string;
  accents: string;
  upper: boolean;
  digits: string | undefined;
}

const PUNCTUATION = /[\s!-/:-@[-`{-~\u00a1-\u00bf\u2000-\u206f\u3000-\u303f]/u;
const COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/u;

function canonicalLocale(locales: string | readonly string[] | undefined): string {
  const first = typeof locales === 'string' ? locales : locales?.[0];
  if (first === undefined) return 'en-US';
  const intl = (globalThis as { Intl?: { getCanonicalLocales?: (l: string) => string[] } }).Intl;
  return intl?.getCanonicalLocales ? intl.getCanonicalLocales(first)[0]! : first;
}

function option<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  const text = String(value) as T;
  if (!allowed.includes(text))
    throw new RangeError(`Value ${text} out of range for Intl.Collator options property ${name}`);
  return text;
}

export class Collator {
  readonly #locale: string;
  readonly #usage: Usage;
  readonly #sensitivity: Sensitivity;
  readonly #ignorePunctuation: boolean;
  readonly #numeric: boolean;
  readonly #caseFirst: 'upper' | 'lower' | 'false';

  constructor(locales?: string | readonly string[], options: CollatorOptions = {}) {
    this.#locale = canonicalLocale(locales);
    this.#usage = option(options.usage, ['sort', 'search'], 'sort', 'usage');
    this.#sensitivity = option(options.sensitivity, ['base', 'accent', 'case', 'variant'], 'variant', 'sensitivity');
    this.#ignorePunctuation = Boolean(options.ignorePunctuation);
    this.#numeric = Boolean(options.numeric);
    this.#caseFirst = option(options.caseFirst, ['upper', 'lower', 'false'], 'false', 'caseFirst');
    // A bound `compare`, as the standard's getter gives (arr.sort(collator.compare) works).
    Object.defineProperty(this, 'compare', { value: (a: unknown, b: unknown) => this.#compare(String(a), String(b)) });
  }

  declare readonly compare: (a: string, b: string) => number;

  static supportedLocalesOf(locales: string | readonly string[]): string[] {
    return (typeof locales === 'string' ? [locales] : [...locales]).map((l) => canonicalLocale(l));
  }

  resolvedOptions() {
    return {
      locale: this.#locale,
      usage: this.#usage,
      sensitivity: this.#sensitivity,
      ignorePunctuation: this.#ignorePunctuation,
      collation: 'default',
      numeric: this.#numeric,
      caseFirst: this.#caseFirst,
    };
  }

  get [Symbol.toStringTag](): string {
    return 'Intl.Collator';
  }

  #keys(text: string): Key[] {
    const keys: Key[] = [];
    const chars = [...text.normalize('NFD')];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (COMBINING.test(ch)) {
        const last = keys[keys.length - 1];
        if (last) last.accents += ch;
        continue;
      }
      if (this.#ignorePunctuation && PUNCTUATION.test(ch)) continue;
      if (this.#numeric && ch >= '0' && ch <= '9') {
        let run = ch;
        while (i + 1 < chars.length && chars[i + 1]! >= '0' && chars[i + 1]! <= '9') run += chars[++i]!;
        keys.push({ base: '', accents: '', upper: false, digits: run.replace(/^0+(?=\d)/, '') });
        continue;
      }
      const lower = ch.toLowerCase();
      keys.push({ base: lower, accents: '', upper: lower !== ch, digits: undefined });
    }
    return keys;
  }

  #compare(a: string, b: string): number {
    const x = this.#keys(a);
    const y = this.#keys(b);
    const levels: ((p: Key, q: Key) => number)[] = [primary];
    if (this.#sensitivity === 'accent' || this.#sensitivity === 'variant') levels.push(secondary);
    if (this.#sensitivity === 'case' || this.#sensitivity === 'variant') levels.push(this.#tertiary);
    for (const level of levels) {
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const order = level(x[i]!, y[i]!);
        if (order !== 0) return order;
      }
      if (level === primary && x.length !== y.length) return x.length < y.length ? -1 : 1;
    }
    return 0;
  }

  readonly #tertiary = (p: Key, q: Key): number => {
    if (p.upper === q.upper) return 0;
    const upperFirst = this.#caseFirst === 'upper';
    return p.upper === upperFirst ? -1 : 1;
  };
}

function primary(p: Key, q: Key): number {
  if (p.digits !== undefined || q.digits !== undefined) {
    // Digits sort before letters; digit runs by value (numeric collation).
    if (p.digits === undefined) return 1;
    if (q.digits === undefined) return -1;
    if (p.digits.length !== q.digits.length) return p.digits.length < q.digits.length ? -1 : 1;
    return p.digits < q.digits ? -1 : p.digits > q.digits ? 1 : 0;
  }
  return p.base < q.base ? -1 : p.base > q.base ? 1 : 0;
}

function secondary(p: Key, q: Key): number {
  return p.accents < q.accents ? -1 : p.accents > q.accents ? 1 : 0;
}

/** Installs `localeCompare` over the collator: the engines' own compares code units. */
export function installLocaleCompare(): void {
  Object.defineProperty(String.prototype, 'localeCompare', {
    configurable: true,
    writable: true,
    value: function localeCompare(this: string, that: string, locales?: string | string[], options?: CollatorOptions) {
      return new Collator(locales, options).compare(String(this), String(that));
    },
  });
}
