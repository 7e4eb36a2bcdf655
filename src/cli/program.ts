import { readFile } from 'node:fs/promises';
import { Command, Option } from '../vendor/commander.js';
import { describeEngineChoices, DEFAULT_ENGINE, listEngines } from '../engines/registry.js';
import { reportError } from './print.js';

/** The command line; each command's exit status is handed to `onStatus`. */
export async function createProgram(onStatus: (status: CommandStatus) => void): Promise<Command> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const engines = await listEngines();
  const program = new Command('componentize')
    .description('Build a WebAssembly component from a JavaScript or TypeScript module and a WIT world.')
    .version(pkg.version, '-v, --version')
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true);

  // Actions import their command module when they run: a cached build must not pay for loading
  // the bundler, the WIT tools and jco (~0.2 s) that only a real build needs.
  subcommand(program, 'build', true)
    .description('Bundle <entry>, check it against the WIT world and build a component (the default command). Without <entry>, build the targets of componentize.config.*.')
    .argument('[entry]', 'entry module (.js, .ts, ...); omit it to build the config file\'s targets')
    .option('--wit <path>', 'WIT file, or a directory of .wit files with deps/ (required)')
    .option('--world <name>', 'world to build (default: the only world in the package)')
    .addOption(
      new Option('--engine <name>', `JavaScript engine: ${describeEngineChoices(engines)}`).default(DEFAULT_ENGINE),
    )
    .option('--variant <name>', `engine variant: ${engines.map((e) => `${e.name}: ${e.variants.map((v) => v.name).join(', ')}`).join('; ')} (default: the smallest that can build the world)`)
    .option('-o, --out <file>', 'output component (default: <entry name>.wasm)')
    .option('--minify', 'minify the bundled JavaScript', false)
    .option('--sourcemap', 'write the bundle source map beside the component as <out>.map', false)
    .option('--verify <call>', 'after building, call this export (e.g. \'greet("World")\'); a trap fails the build')
    .option('--no-verify', 'do not instantiate the component before writing it')
    .option('--typecheck', 'type-check a TypeScript entry against the world before building', false)
    .option('--disable <feature>', 'leave out a WASI feature: stdio, clocks, random, http, fetch-event, or all (repeatable)', collect, [])
    .option('--allow <pattern>', "only allow imports matching this pattern, e.g. 'wasi:cli/*' (repeatable)", collect, [])
    .option('--weval', 'starlingmonkey: ahead-of-time compile with weval for throughput', false)
    .option('--weval-bin <path>', `the weval binary (default: $COMPONENTIZE_WEVAL_BIN, weval on PATH, the weval package)`)
    .option('--deny <pattern>', "fail if an import matches this pattern, e.g. 'wasi:http/*' (repeatable)", collect, [])
    .option('-c, --config <file>', 'config file (default: componentize.config.{ts,mts,js,mjs,json} in this directory, used when no <entry> is given)')
    .option('--target <name>', 'build only this target of the config (repeatable)', collect, [])
    .option('--no-cache', 'build even if an identical build is cached, and do not store this one')
    .option('--cache-dir <dir>', 'cache directory (default: $COMPONENTIZE_CACHE_DIR, else node_modules/.cache/componentize)')
    .option('-w, --watch', 'rebuild when a source or WIT file changes', false)
    .option('-q, --quiet', 'print nothing but errors', false)
    .option('--json', 'print the build report as JSON on stdout', false)
    .action(lazy(async () => (await import('./build-command.js')).runBuildCommand, onStatus));

  subcommand(program, 'types')
    .description("Write the world's TypeScript declarations for the guest: what the entry must export and may import.")
    .requiredOption('--wit <path>', 'WIT file, or a directory of .wit files with deps/')
    .option('--world <name>', 'world (default: the only world in the package)')
    .requiredOption('-o, --out <dir>', 'directory to write the .d.ts files to')
    .option('-q, --quiet', 'print nothing but errors', false)
    .option('--json', 'print the written files as JSON on stdout', false)
    .action(lazy(async () => (await import('./types-command.js')).runTypesCommand, onStatus));

  subcommand(program, 'run')
    .description('Instantiate a component in this Node (needs Node >= 24.20) and call one export.')
    .argument('<component>', 'the .wasm component')
    .requiredOption('--invoke <call>', 'the call, e.g. \'greet("World")\' or \'calc.add(1, 2)\'')
    .option('--host <interface=module>', 'an ES module implementing one of its imports, e.g. local:app/host=./host.js (repeatable)', collect, [])
    .option('--json', 'print the result as JSON', false)
    .action(lazy(async () => (await import('./run-command.js')).runRunCommand, onStatus));

  subcommand(program, 'compare')
    .description('Build <entry> with every engine and variant and compare size, build time, memory, cold start and throughput.')
    .argument('<entry>', 'entry module')
    .requiredOption('--wit <path>', 'WIT file, or a directory of .wit files with deps/')
    .option('--world <name>', 'world to build')
    .option('--engines <list>', `comma-separated engines (default: ${engines.map((e) => e.name).join(',')})`)
    .option('--invoke <call>', 'a call to time, e.g. \'greet("World")\'')
    .option('--iterations <n>', 'timed rounds of the call, for min/median throughput', '5')
    .option('--report <file>', 'also write a self-contained HTML report with bar charts')
    .option('--out-dir <dir>', 'keep every variant\'s component in this directory')
    .option('-q, --quiet', 'print nothing but the result and errors', false)
    .option('--json', 'print the result as JSON on stdout', false)
    .action(lazy(async () => (await import('./compare-command.js')).runCompareCommand, onStatus));

  program.addHelpText(
    'after',
    `\nEngines:\n${engines.map((e) => `  ${e.name.padEnd(16)}${e.description}`).join('\n')}\n\nExample:\n  componentize app.ts --wit world.wit --engine quickjs -o app.wasm`,
  );
  return program;
}

/** What a command's action resolves to: the exit status it calls for (it printed its output and errors). */
export type CommandStatus = number;

/**
 * An action that imports its command module only when it runs. A command returns its exit
 * status, or throws, and then its error is printed here (as JSON with `--json`); either way the
 * status goes to `onStatus`, and `src/cli.ts` sets it on the process, in one place.
 */
function lazy<A extends unknown[]>(load: () => Promise<(...args: A) => Promise<CommandStatus>>, onStatus: (status: CommandStatus) => void): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      onStatus(await (await load())(...args));
    } catch (error) {
      // Commander passes the command last; its options say whether errors are JSON.
      const command = args.at(-1) as Command;
      onStatus(reportError(error, { json: command.opts().json === true }));
    }
  };
}

/** Repeatable flags accumulate: `--deny a --deny b`. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * A subcommand whose parse errors throw (to be printed by `fail` like every other error) instead
 * of commander printing them and exiting on its own.
 */
function subcommand(program: Command, name: string, isDefault = false): Command {
  return program
    .command(name, { isDefault })
    .exitOverride()
    .configureOutput({ outputError: () => {} });
}
