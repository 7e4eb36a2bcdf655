// The engine conformance table of docs/engines.md, generated from the engine adapters, so the
// document says what the code does. `npm run docs:engines` rewrites it (scripts/engines-doc.mjs);
// test/engine-table.test.ts fails when it is stale. Reads the built library in dist/.
import { POLYFILLED_GLOBALS } from '../dist/bundle/globals/polyfills.js';

/** Where each polyfill comes from. */
const POLYFILL_SOURCE = {
  console: 'on wasi:cli/stdout, stderr',
  crypto: 'getRandomValues, randomUUID on wasi:random',
  CryptoKey:
    'crypto.subtle and CryptoKey: our pure-JS Web Crypto (src/guest/web-crypto/, @noble), when the code reads .subtle',
  TextEncoder: 'text-encoding-utf-8',
  TextDecoder: 'text-encoding-utf-8',
  URL: 'core-js, +0.67 MB',
  URLSearchParams: 'core-js',
  structuredClone: '@ungap/structured-clone',
  setTimeout: 'with setInterval, clear*, queueMicrotask; the loop sleeps on wasi:clocks inside async exports',
};

/** [WIT value, what user code sees on every engine, (engine) => what that engine does on its own]. */
const VALUE_ROWS = [
  [
    '`u32`',
    'a number, 0 to 2^32-1',
    (e) =>
      e.conventions.u32 === 'signed'
        ? 'values >= 2^31 arrive negative and results saturate: converted at the boundary'
        : 'exact',
  ],
  [
    '`u64`',
    'a BigInt',
    (e) =>
      e.conventions.int64 === 'number'
        ? 'a number, rounded beyond 2^53: converted to BigInt, exact to 2^53 (warned, `INT64_PRECISION`)'
        : 'a BigInt, exact',
  ],
  [
    '`s64`',
    'a BigInt',
    (e) =>
      [
        e.conventions.int64 === 'number'
          ? 'a number, rounded beyond 2^53: converted to BigInt, exact to 2^53 (warned, `INT64_PRECISION`)'
          : 'a BigInt',
        e.conventions.s64Params === 'unsigned' ? 'negative parameters arrive as 2^64-x: converted' : '',
      ]
        .filter(Boolean)
        .join('; '),
  ],
  [
    '`list<s32>` (any numeric list but `list<u8>`) parameter',
    'the typed array the guest types declare (`Int32Array`, ...)',
    (e) => (e.conventions.numericLists === 'array' ? 'a plain Array: converted at the boundary' : 'the typed array'),
  ],
  [
    '`option<T>` parameter, none',
    '`undefined`',
    (e) =>
      e.conventions.optionNone === 'null'
        ? '`null`: converted (an option nested in another type is warned, `OPTION_NONE`)'
        : '`undefined`',
  ],
  [
    '`result<T, string>`, err',
    'throw an `Error` (or a string): the caller gets `err(message)`',
    (e) =>
      e.conventions.thrownError === 'trap'
        ? 'a thrown `Error` traps: its message is thrown instead'
        : 'an `Error` becomes `err(message)`',
  ],
];

/** [global or feature, (engine) => what the engine offers]. */
const GLOBAL_ROWS = [
  ...['console', 'crypto', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'structuredClone', 'setTimeout'].map(
    (name) => [
      `\`${name}\``,
      (e) =>
        !e.missingGlobals.includes(name)
          ? 'built in'
          : POLYFILLED_GLOBALS.includes(name)
            ? `added by componentize (${POLYFILL_SOURCE[name] ?? ''})`
            : 'missing: warned at the line using it (`ENGINE_LIMIT`)',
    ],
  ),
  [
    '`Math.random` per instance',
    (e) =>
      e.snapshotRandom === 'frozen'
        ? 'reseeded from wasi:random on first use (the engine alone repeats one sequence in every instance)'
        : e.snapshotRandom === 'after-snapshot'
          ? 'built in; top-level code (run while the snapshot is taken, where the engine cannot draw) gets a fixed-seed generator'
          : 'built in',
  ],
  [
    '`Intl`',
    (e) => (e.missingGlobals.includes('Intl') ? 'missing: warned at the line using it (`ENGINE_LIMIT`)' : 'built in'),
  ],
  [
    '`/\\p{...}/u` regex',
    (e) =>
      e.lacks.includes('unicode-property-escapes')
        ? 'literals rewritten by componentize (regexpu-core); `new RegExp` from a string: warned at its line'
        : 'built in',
  ],
  [
    '`String.prototype.normalize`',
    (e) => (e.lacks.includes('string-normalize') ? 'added by componentize when called (unorm)' : 'built in'),
  ],
  ['clock or randomness read in top-level code', () => 'frozen at build time: warned (`FROZEN_AT_BUILD`)'],
];

/** [function kind, (engine) => whether and how the engine builds it]. */
const FUNCTION_ROWS = [
  [
    '`async func` export',
    (e) =>
      !e.capabilities.asyncFunctions
        ? 'no: an error before the build'
        : e.capabilities.asyncConcurrency
          ? 'yes (component-model async)'
          : 'yes, as a sync lift of the async-typed function: each call runs its promise to completion before returning, so calls are serialized (no concurrency between calls)',
  ],
  [
    '`async func` import',
    (e) =>
      e.capabilities.asyncImports
        ? 'yes'
        : 'no: an error before the build, naming the function and the engine that can',
  ],
  [
    '`stream<T>`',
    (e) =>
      e.capabilities.streams ? 'yes' : 'no: an error before the build, naming the function and the engine that can',
  ],
  [
    '`future<T>`',
    (e) =>
      e.capabilities.futures ? 'yes' : 'no: an error before the build, naming the function and the engine that can',
  ],
];

/** The generated Markdown for these engines. */
export function engineTable(engines) {
  const head = (first) => [
    `| ${[...first, ...engines.map((e) => e.name)].join(' | ')} |`,
    `|${[...first, ...engines].map(() => '---').join('|')}|`,
  ];
  const values = [
    ...head(['WIT value', 'your code sees, on every engine']),
    ...VALUE_ROWS.map(([type, convention, raw]) => `| ${[type, convention, ...engines.map(raw)].join(' | ')} |`),
  ];
  const globals = [
    ...head(['global or feature']),
    ...GLOBAL_ROWS.map(([name, cell]) => `| ${[name, ...engines.map(cell)].join(' | ')} |`),
  ];
  const functions = [
    ...head(['function']),
    ...FUNCTION_ROWS.map(([name, cell]) => `| ${[name, ...engines.map(cell)].join(' | ')} |`),
  ];
  return [
    '### Functions',
    '',
    ...functions,
    '',
    '### Values at an export',
    '',
    'Engine columns: what the engine does on its own, and what componentize does about it.',
    '',
    ...values,
    '',
    '### Globals and language features',
    '',
    ...globals,
    '',
  ].join('\n');
}
