import { DEFAULT_ENGINE, describeEngineChoices } from '../engines/registry.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';
import { type CommandFlagKey, code, type FlagRow, flagName, isCommandFlag, orList, parenthesized } from './flag-row.js';
import type { ParsedBuildOptions } from './schema.js';

/*
 * The flags of the build command in one table: `--help` (src/cli/program.ts), the README's
 * "Flags" table (npm run docs:flags) and the flag names in error messages (`FLAG_OF_KEY`) are all
 * generated from it. Kept apart from the schema so naming an option does not load zod (the cache's
 * fast path never does); the engine registry it imports is on that path already.
 */

/** The engines that run Wizer as a program, whose snapshot `--snapshotter` chooses. */
const wizerEngines = (engines: readonly EngineAdapter[]) =>
  engines.filter((e) => e.wizer === 'binary').map((e) => e.name);

/** The engines that can compile ahead of time, for `--weval`. */
const aotEngines = (engines: readonly EngineAdapter[]) => engines.filter((e) => e.capabilities.aot).map((e) => e.name);

/**
 * One row per build option (every key of the schema) and per flag of the build command, in the
 * order `--help` and the README list them.
 */
export const BUILD_FLAGS = {
  entry: {
    kind: 'argument',
    flags: '[entry]',
    help: "entry module (.js, .ts, ...); omit it to build the config file's targets",
    doc: 'entry module: `.js`, `.mjs`, `.ts`, `.mts`, `.jsx`, `.tsx`; omit it to build the targets of the config file',
  },
  wit: {
    kind: 'option',
    flags: '--wit <path>',
    help: 'WIT file, a directory of .wit files with deps/, or a built-in WASI world (wasi:http/proxy, wasi:cli/command[@version])',
    doc: "WIT file, a directory of `.wit` files with `deps/`, or a built-in WASI world: `wasi:http/proxy`, `wasi:cli/command` (optionally `@0.2.10`, `@0.2.12`, `@0.3.0`; default: the version the engine targets, 0.2.10; `wasi:http/proxy@0.3.0` is WASI 0.3's `wasi:http/service`)",
    required: true,
  },
  world: {
    kind: 'option',
    flags: '--world <name>',
    help: 'world to build',
    default: { help: 'the only world in the package', doc: "the package's only world" },
  },
  engine: {
    kind: 'option',
    flags: '--engine <name>',
    help: (engines) => `JavaScript engine: ${describeEngineChoices(engines)}`,
    doc: (engines) =>
      orList(
        engines.map(
          (e) =>
            `${code(e.name)}${e.aliases.length ? ` (alias${e.aliases.length > 1 ? 'es' : ''} ${e.aliases.map(code).join(', ')})` : ''}`,
        ),
      ),
    default: { value: () => DEFAULT_ENGINE, doc: code(DEFAULT_ENGINE) },
  },
  variant: {
    kind: 'option',
    flags: '--variant <name>',
    help: (engines) =>
      `engine variant: ${engines.map((e) => `${e.name}: ${e.variants.map((v) => v.name).join(', ')}`).join('; ')}`,
    doc: (engines) =>
      `engine variant: ${engines.map((e) => `${e.name} ${e.variants.map((v) => code(v.name)).join(', ')}`).join('; ')}`,
    default: {
      help: 'the smallest that can build the world',
      doc: (engines) =>
        `the smallest that can build the world${parenthesized(engines.flatMap((e) => (e.defaultVariantRule ? [`${e.name}: ${e.defaultVariantRule}`] : [])))}`,
    },
  },
  out: {
    kind: 'option',
    flags: '-o, --out <file>',
    help: 'output component; a directory (existing, or written with a trailing /) gets <entry name>.wasm inside it',
    doc: 'output component; a directory (one that exists, or a path ending in `/`) gets `<entry name>.wasm` inside it',
    default: { help: '<entry name>.wasm', doc: '`<entry name>.wasm` in the working directory' },
  },
  minify: {
    kind: 'option',
    flags: '--minify',
    help: 'minify the bundled JavaScript',
    default: { value: false, doc: 'off' },
  },
  sourcemap: {
    kind: 'option',
    flags: '--sourcemap',
    help: 'write the bundle source map beside the component as <out>.map',
    doc: "write the bundle's source map beside the component as `<out>.map`",
    default: { value: false, doc: 'off' },
  },
  conditions: {
    kind: 'option',
    flags: '--conditions <name>',
    help: 'package.json exports condition to resolve with first, e.g. development',
    doc: 'a package.json `exports` condition to try before `worker`, `browser`, `import` and `default`',
    repeatable: true,
    default: { doc: 'none' },
  },
  locales: {
    kind: 'option',
    flags: '--locales <tags>',
    help: "locales Intl gets data for besides English, comma-separated, e.g. 'de,fr-CA'",
    doc: 'locales whose data `Intl` gets besides English, comma-separated (`de,fr-CA`; config: `locales: ["de", "fr-CA"]`); only where the engine has no `Intl` and the code uses it (see "Intl")',
    default: { doc: 'English only' },
  },
  nodeEnv: {
    kind: 'option',
    flags: '--node-env <value>',
    help: 'value of process.env.NODE_ENV, replaced at build time',
    doc: 'the value `process.env.NODE_ENV` is replaced with at build time',
    default: { value: () => 'production', doc: '`production`' },
  },
  // `--verify <call>` and `--no-verify` share commander's `verify` value; the build command
  // splits it into `verify` and `verifyCall` (typedFlags in src/cli/build-command.ts). This order
  // matters: commander gives `--no-verify` a default of true only when it comes first.
  verifyCall: {
    kind: 'option',
    flags: '--verify <call>',
    help: 'after building, call this export (e.g. \'greet("World")\'); a trap fails the build',
    doc: 'after building, call this export; a trap fails the build and nothing is written. Needs Node >= 24.20: on an older Node the call runs in `node_modules/node/bin/node` (from the working directory up) or a `node` on PATH of that version; with none, exit 1 before building',
    default: { doc: 'instantiate only' },
  },
  verify: {
    kind: 'option',
    flags: '--no-verify',
    help: 'do not instantiate the component before writing it',
    default: { doc: 'verify' },
  },
  typecheck: {
    kind: 'option',
    flags: '--typecheck',
    help: 'type-check a TypeScript entry against the world before building',
    doc: "type-check a TypeScript entry against the world's guest types (with the project's `typescript`, else ours) before building",
    default: { value: false, doc: 'off' },
  },
  disable: {
    kind: 'option',
    flags: '--disable <feature>',
    help: 'leave out a WASI feature: stdio, clocks, random, http, fetch-event, or all',
    doc: (engines) => {
      const single = engines.filter((e) => e.capabilities.disableableFeatures.length > 0);
      const features = [...new Set(single.flatMap((e) => e.capabilities.disableableFeatures))];
      const all = engines.filter((e) => e.capabilities.canDisableAllWasi);
      const onlyAll = all.filter((e) => !single.includes(e)).map((e) => e.name);
      return `leave a WASI feature out: ${features.map(code).join(', ')}${parenthesized([`${single.map((e) => e.name).join(', ')}, one at a time`])} or \`all\`${parenthesized(
        [
          all.length === engines.length ? 'every engine' : all.map((e) => e.name).join(', '),
          ...(onlyAll.length
            ? [`${onlyAll.join(', ')} can only drop everything: a single feature is an error before building`]
            : []),
        ],
      )}`;
    },
    repeatable: true,
    default: { doc: 'none' },
  },
  allow: {
    kind: 'option',
    flags: '--allow <pattern>',
    help: "only allow imports matching this pattern, e.g. 'wasi:cli/*'",
    doc: 'the component may import only what matches (`wasi:cli/*`; `*` matches anything, a pattern without `@version` any version)',
    repeatable: true,
    default: { doc: 'everything' },
  },
  deny: {
    kind: 'option',
    flags: '--deny <pattern>',
    help: "fail if an import matches this pattern, e.g. 'wasi:http/*'",
    doc: 'the build fails (exit 1, nothing written) if an import matches',
    repeatable: true,
    default: { doc: 'nothing' },
  },
  snapshotter: {
    kind: 'option',
    flags: '--snapshotter <name>',
    help: (engines) =>
      `${wizerEngines(engines).join(', ')}: what takes the snapshot, 'v8' (ours, in this Node) or 'wizer' (the reference binary)`,
    doc: (engines) =>
      `${wizerEngines(engines).join(', ')}: what takes the snapshot: \`v8\`, componentize's Wizer-compatible snapshotter running the init in this Node (seconds instead of ~20 s of Cranelift compilation, and byte-reproducible output), or \`wizer\`, the @bytecodealliance/wizer binary it is tested against (other engines snapshot inside their own package)`,
    default: { value: () => 'v8', doc: '`v8`' },
  },
  weval: {
    kind: 'option',
    flags: '--weval',
    help: (engines) => `${aotEngines(engines).join(', ')}: ahead-of-time compile with weval for throughput`,
    doc: (engines) => {
      const refused = engines.filter((e) => !e.capabilities.aot).map((e) => e.name);
      return `${aotEngines(engines).join(', ')}: ahead-of-time compile with weval${refused.length ? ` (refused for ${refused.join(', ')})` : ''}`;
    },
    default: { value: false, doc: 'off' },
  },
  wevalBin: {
    kind: 'option',
    flags: '--weval-bin <path>',
    help: 'the weval binary',
    doc: 'the weval binary; otherwise `$COMPONENTIZE_WEVAL_BIN`, `weval` on PATH, then the `@bytecodealliance/weval` package (which downloads on first use; every place tried is listed when none works)',
    default: { help: '$COMPONENTIZE_WEVAL_BIN, weval on PATH, the weval package', doc: '' },
  },
  // `--max-size` sets `budget.size` (the build command folds it in, as it splits `--verify`); the
  // gzip and cold-start limits are config and API keys of `budget`.
  budget: {
    kind: 'option',
    flags: '--max-size <size>',
    help: "fail (nothing written) if the component is larger, e.g. '1.5 MB'; the config's budget also takes gzip and coldStartMs",
    doc: 'the build fails (exit 1, nothing written) if the component is larger: bytes or `1.5 MB`, `800 kB`, `2 MiB`; the config key `budget: { size, gzip, coldStartMs }` also limits gzip size and cold start',
    default: { doc: 'no limit' },
  },
  snapshotTimeoutMs: {
    kind: 'option',
    flags: '--snapshot-timeout-ms <ms>',
    help: "fail the build if the engine (the entry's top-level code included) runs longer",
    doc: "fail the build (exit 1) if the engine runs longer, the entry's top-level code included (it runs while the snapshot is taken): an endless loop there is stopped, not waited for",
    default: { help: '120000 (2 minutes)', doc: '`120000` (2 minutes)' },
  },
  config: {
    kind: 'option',
    flags: '-c, --config <file>',
    help: 'config file',
    doc: 'config file; without it, `componentize.config.{ts,mts,js,mjs,json}` in the working directory is used when no `<entry>` is given',
    default: {
      help: 'componentize.config.{ts,mts,js,mjs,json} in this directory, used when no <entry> is given',
      doc: '',
    },
  },
  target: {
    kind: 'option',
    flags: '--target <name>',
    help: 'build only this target of the config',
    repeatable: true,
    default: { doc: 'all' },
  },
  cache: {
    kind: 'option',
    flags: '--no-cache',
    help: 'build even if an identical build is cached, and do not store this one',
    doc: 'build even if an identical build is cached, and do not store this one (the memos of pure tool results, the resolved world and jco\'s bindings, are still used: they cannot change the result, see "Build cache")',
    default: { doc: 'cache on' },
  },
  cacheDir: {
    kind: 'option',
    flags: '--cache-dir <dir>',
    help: 'cache directory',
    doc: 'the build cache',
    default: {
      help: '$COMPONENTIZE_CACHE_DIR, else node_modules/.cache/componentize',
      doc: '`$COMPONENTIZE_CACHE_DIR`, else `node_modules/.cache/componentize` of the project',
    },
  },
  watch: {
    kind: 'option',
    flags: '-w, --watch',
    help: 'rebuild when a source or WIT file changes',
    doc: 'rebuild when a source, `package.json`/`tsconfig.json` or WIT file of the build changes',
    default: { value: false, doc: 'off' },
  },
  quiet: {
    kind: 'option',
    flags: '-q, --quiet',
    help: 'print nothing but errors',
    default: { value: false, doc: 'off' },
  },
  json: {
    kind: 'option',
    flags: '--json',
    help: 'print the build report as JSON on stdout',
    doc: 'print the build report (or the error) as JSON on stdout',
    default: { value: false, doc: 'off' },
  },
  version: { kind: 'builtin', flags: '-v, --version', doc: 'print the version' },
  help: { kind: 'builtin', flags: '-h, --help', doc: 'print help' },
  cacheMaxBytes: { kind: 'api', named: 'cacheMaxBytes', setIn: 'the API and the config file' },
  // There is no `--cwd`: the CLI resolves paths from the directory it runs in, and a config file's
  // from its own. Messages name a key by its flag only when the CLI gave it, so this name is never
  // shown; it stays what `FLAG_OF_KEY` always said.
  cwd: { kind: 'api', named: '--cwd', setIn: 'the API and the config file' },
} as const satisfies Record<keyof ParsedBuildOptions | CommandFlagKey, FlagRow>;

/** A build option's key, or a flag of the build command. */
export type FlagKey = keyof typeof BUILD_FLAGS;

/**
 * CLI spelling of each option, for messages that must name what the user typed: the long flag
 * (`--out`, `--no-verify`), `<entry>` for the argument, or the API name where there is no flag.
 */
export const FLAG_OF_KEY = Object.fromEntries(
  (Object.keys(BUILD_FLAGS) as FlagKey[]).filter(isOptionKey).map((key) => [key, flagName(BUILD_FLAGS[key])]),
) as Record<keyof ParsedBuildOptions, string>;

function isOptionKey(key: FlagKey): key is keyof ParsedBuildOptions {
  return !isCommandFlag(key);
}
