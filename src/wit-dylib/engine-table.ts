import type { EngineAdapter, GlobalName } from './adapter.js';
import { POLYFILLED_GLOBALS } from '../bundle/globals/polyfills.js';


const POLYFILL_SOURCE: Partial<Record<GlobalName, string>> = {
  console: 'on wasi:cli/stdout, stderr',
  crypto: 'getRandomValues, randomUUID on wasi:random',
  TextEncoder: 'text-encoding-utf-8',
  TextDecoder: 'text-encoding-utf-8',
  URL: 'core-js, +0.67 MB',
  URLSearchParams: 'core-js',
  structuredClone: '@ungap/structured-clone',
};

type Row = [string, string, (engine: EngineAdapter) => string];

const VALUE_ROWS: Row[] = [
  ['`u32`', 'a number, 0 to 2^32-1', (e) => (e.conventions.u32 === 'signed' ? 'values >= 2^31 arrive negative and results saturate: converted at the boundary' : e.conventions.u32 === 'lossy-results' ? 'parameters exact; results >= 2^31 come out wrong: warned (`U32_RESULT`)' : 'exact')],
  ['`u64`', 'a BigInt', (e) => (e.conventions.int64 === 'number' ? 'a number, rounded beyond 2^53: converted to BigInt, exact to 2^53 (warned, `INT64_PRECISION`)' : 'a BigInt, exact')],
  [
    '`s64`',
    'a BigInt',
    (e) =>
      [
        e.conventions.int64 === 'number' ? 'a number, rounded beyond 2^53: converted to BigInt, exact to 2^53 (warned, `INT64_PRECISION`)' : 'a BigInt',
        e.conventions.s64Params === 'unsigned' ? 'negative parameters arrive as 2^64-x: converted' : '',
        e.conventions.s64Results === 'non-negative' ? 'negative results trap: warned (`S64_RESULT`)' : '',
      ]
        .filter(Boolean)
        .join('; '),
  ],
  ['`option<T>` parameter, none', '`undefined`', (e) => (e.conventions.optionNone === 'null' ? '`null`: converted (an option nested in another type is warned, `OPTION_NONE`)' : '`undefined`')],
  ['`result<T, string>`, err', 'throw an `Error` (or a string): the caller gets `err(message)`', (e) => (e.name === 'starlingmonkey' ? 'a thrown `Error` traps: its message is thrown instead' : 'an `Error` becomes `err(message)`')],
];

const GLOBAL_ROWS: [string, (engine: EngineAdapter) => string][] = [
  ...(['console', 'crypto', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'structuredClone', 'setTimeout'] as const).map(
    (name): [string, (engine: EngineAdapter) => string] => [
      `\`${name}\``,
      (e) => (!e.missingGlobals.includes(name) ? 'built in' : POLYFILLED_GLOBALS.includes(name) ? `added by componentize (${POLYFILL_SOURCE[name] ?? ''})` : 'missing: warned at the line using it (`ENGINE_LIMIT`)'),
    ],
  ),
  ['`Math.random` per instance', (e) => (e.snapshotRandom === 'frozen' ? 'reseeded from wasi:random on first use (the engine alone repeats one sequence in every instance)' : 'built in')],
  ['`Intl`', (e) => (e.missingGlobals.includes('Intl') ? 'missing: warned at the line using it (`ENGINE_LIMIT`)' : 'built in')],
  ['`/\\p{...}/u` regex', (e) => (e.lacks.includes('unicode-property-escapes') ? 'missing: an error at the line using it' : 'built in')],
  ['`String.prototype.normalize`', (e) => (e.lacks.includes('string-normalize') ? 'missing: warned at the line using it (`ENGINE_LIMIT`)' : 'built in')],
  ['clock or randomness read in top-level code', () => 'frozen at build time: warned (`FROZEN_AT_BUILD`)'],
];

/**
 * The engine conformance table of docs/engines.md, generated from the engine adapters, so the
 * document says what the code does (a test compares them; `npm run docs:engines` rewrites it).
 */
export function engineTable(engines: readonly EngineAdapter[]): string {
  const head = (first: string[]) => [`| ${[...first, ...engines.map((e) => e.name)].join(' | ')} |`, `|${[...first, ...engines].map(() => '---').join('|')}|`];
  const values = [...head(['WIT value', 'your code sees, on every engine']), ...VALUE_ROWS.map(([type, convention, raw]) => `| ${[type, convention, ...engines.map(raw)].join(' | ')} |`)];
  const globals = [...head(['global or feature']), ...GLOBAL_ROWS.map(([name, cell]) => `| ${[name, ...engines.map(cell)].join(' | ')} |`)];
  return ['### Values at an export', '', 'Engine columns: what the engine does on its own, and what componentize does about it.', '', ...values, '', '### Globals and language features', '', ...globals, ''].join('\n');
}
