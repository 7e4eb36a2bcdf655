import type { EngineAdapter } from '../wit-dylib/adapter.js';

/* The shape of a row of the flag table (flags.ts), and how a row becomes help text and Markdown. */

/** A text that may depend on the installed engines (their names, aliases, variants, capabilities). */
export type FlagText = string | ((engines: readonly EngineAdapter[]) => string);

/** What happens when a flag is not given, as users are told. */
export interface FlagDefault {
  /** The value commander fills in; `--help` shows it as `(default: false)`. */
  readonly value?: boolean | readonly string[] | ((engines: readonly EngineAdapter[]) => string);
  /** `--help`'s `(default: …)` when there is no value to show (the default is decided later). */
  readonly help?: FlagText;
  /** The README's default column; falls back to `help`. */
  readonly doc?: FlagText;
}

/** A flag of the build command, added to commander from this row. */
export interface OptionFlag {
  readonly kind: 'option';
  /** Commander's signature: `--wit <path>`, `-o, --out <file>`, `--no-verify`. */
  readonly flags: string;
  /** One line for `--help`. */
  readonly help: FlagText;
  /** The README's meaning column, where it says more than `help`. */
  readonly doc?: FlagText;
  readonly default?: FlagDefault;
  /** Required unless a config file gives it: `--help` says "(required)", the README's default column "required". */
  readonly required?: true;
  /** May be given several times; the values collect in an array (default `[]`). */
  readonly repeatable?: true;
}

/** The positional argument of the build command. */
export interface ArgumentFlag {
  readonly kind: 'argument';
  /** Commander's signature, `[entry]` (optional: without it the config file's targets are built). */
  readonly flags: string;
  readonly help: FlagText;
  readonly doc?: FlagText;
}

/** A flag commander adds on its own (`--version`, `--help`); listed for the README. */
export interface BuiltinFlag {
  readonly kind: 'builtin';
  readonly flags: string;
  readonly doc: string;
}

/** An option of the API with no flag: messages call it `named`. */
export interface ApiOnlyOption {
  readonly kind: 'api';
  readonly named: string;
  /** Where it can be set instead of a flag. */
  readonly setIn: string;
}

export type FlagRow = OptionFlag | ArgumentFlag | BuiltinFlag | ApiOnlyOption;

/**
 * The one list of flags that steer a command rather than a build, with the commands that take
 * each: nothing here becomes a build option (`typedFlags`), the build command's have rows in the
 * flag table (its `--help` and the README), and `serve <entry>` and `inputs` take the build flags
 * but those not listed for them.
 */
export const COMMAND_FLAGS = {
  config: ['build', 'serve', 'inputs'],
  target: ['build', 'inputs'],
  watch: ['build'],
  quiet: ['build'],
  json: ['build', 'serve', 'inputs'],
  version: ['build'],
  help: ['build', 'serve', 'inputs'],
  port: ['serve'],
  host: ['serve'],
  reuse: ['serve'],
  hash: ['inputs'],
} as const satisfies Record<string, readonly ('build' | 'serve' | 'inputs')[]>;

type CommandFlags = typeof COMMAND_FLAGS;
/** A flag of the build command that is not a build option. */
export type CommandFlagKey = {
  [K in keyof CommandFlags]: 'build' extends CommandFlags[K][number] ? K : never;
}[keyof CommandFlags];

export function isCommandFlag(key: string): key is keyof CommandFlags {
  return Object.hasOwn(COMMAND_FLAGS, key);
}

/** How users and messages name a row: `--out` for `-o, --out <file>`, `<entry>` for `[entry]`. */
export function flagName(row: FlagRow): string {
  switch (row.kind) {
    case 'api':
      return row.named;
    case 'argument':
      return `<${row.flags.replace(/^[[<]|[\]>]$/g, '')}>`;
    default:
      return row.flags.split(', ').at(-1)!.split(' ')[0]!;
  }
}

/** A row's text for these engines. */
export function flagText(text: FlagText, engines: readonly EngineAdapter[]): string {
  return typeof text === 'string' ? text : text(engines);
}

/**
 * The `--help` line of a flag; commander appends `(default: …)` for a default `value`. `required`:
 * how a required flag is marked, where it is not always needed (`serve` needs `--wit` only to build an entry).
 */
export function flagHelp(
  row: OptionFlag | ArgumentFlag,
  engines: readonly EngineAdapter[],
  required = '(required)',
): string {
  if (row.kind === 'argument') return flagText(row.help, engines);
  const shownDefault = row.default?.help;
  return [
    flagText(row.help, engines),
    row.required ? required : '',
    row.repeatable ? '(repeatable)' : '',
    shownDefault === undefined ? '' : `(default: ${flagText(shownDefault, engines)})`,
  ]
    .filter(Boolean)
    .join(' ');
}

export function docColumns(
  row: OptionFlag | ArgumentFlag | BuiltinFlag,
  engines: readonly EngineAdapter[],
): [meaning: string, shownDefault: string] {
  if (row.kind === 'builtin') return [row.doc, ''];
  const meaning = flagText(row.doc ?? row.help, engines);
  if (row.kind === 'argument') return [meaning, ''];
  const shownDefault = row.required ? 'required' : flagText(row.default?.doc ?? row.default?.help ?? '', engines);
  return [row.repeatable ? `${meaning}; repeatable` : meaning, shownDefault];
}

/** `| a | b | |`: an empty cell stays one space wide, as in hand-written tables. */
export function markdownRow(cells: readonly string[]): string {
  return `|${cells.map((cell) => (cell ? ` ${cell} ` : ' ')).join('|')}|`;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');
}

/** ` (a; b)`, or nothing for no parts. */
export function parenthesized(parts: readonly string[]): string {
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** `text` as inline code. */
export const code = (text: string) => `\`${text}\``;
