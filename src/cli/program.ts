import { readFile } from 'node:fs/promises';
import { stopEsbuildWhenIdle } from '../bundle/esbuild-service.js';
import { DEFAULT_ENGINE, listEngines } from '../engines/registry.js';
import { COMMAND_FLAGS, type FlagRow, flagHelp } from '../options/flag-row.js';
import { BUILD_FLAGS } from '../options/flags.js';
import { Command, Option } from '../vendor/commander.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';
import { addGrantFlags } from './grant-flags.js';
import { reportError } from './print.js';

/** The command line; each command's exit status is handed to `onStatus`. */
export async function createProgram(onStatus: (status: CommandStatus) => void): Promise<Command> {
  // The CLI owns its process: no one else's esbuild calls share the service it may stop.
  stopEsbuildWhenIdle();
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const engines = await listEngines();
  const program = new Command('componentize')
    .description('Build a WebAssembly component from a JavaScript or TypeScript module and a WIT world.')
    .version(pkg.version, BUILD_FLAGS.version.flags)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true);

  // Actions import their command module when they run: a cached build must not pay for loading
  // the bundler, the WIT tools and jco (~0.2 s) that only a real build needs.
  const build = subcommand(program, 'build', true).description(
    'Bundle <entry>, check it against the WIT world and build a component (the default command). Without <entry>, build the targets of componentize.config.*.',
  );
  addBuildFlags(build, engines);
  build.action(lazy(async () => (await import('./build-command.js')).runBuildCommand, onStatus));

  subcommand(program, 'types')
    .description("Write the world's TypeScript declarations for the guest: what the entry must export and may import.")
    .requiredOption('--wit <path>', 'WIT file, or a directory of .wit files with deps/')
    .option('--world <name>', 'world (default: the only world in the package)')
    .requiredOption('-o, --out <dir>', 'directory to write the .d.ts files to')
    .option('-q, --quiet', 'print nothing but errors', false)
    .option('--json', 'print the written files as JSON on stdout', false)
    .action(lazy(async () => (await import('./types-command.js')).runTypesCommand, onStatus));

  const run = subcommand(program, 'run')
    .description(
      'Instantiate a component in this Node (needs Node >= 24.20) and call one export. Without a call, run a command (wasi:cli/run), or list the exports to call.',
    )
    .argument('<component>', 'the .wasm component')
    .option('--invoke <call>', "the call, e.g. 'greet(\"World\")' or 'calc.add(1, 2)'")
    .option(
      '--invoke-file <file>',
      'read the call from a file (- for stdin), for arguments too large for the command line',
    )
    .option(
      '--host <interface=module>',
      'an ES module implementing one of its imports, e.g. local:app/host=./host.js (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print the result as JSON', false);
  addGrantFlags(run).action(lazy(async () => (await import('./run-command.js')).runRunCommand, onStatus));

  const serve = subcommand(program, 'serve')
    .description(
      "Serve a component's wasi:http/incoming-handler over HTTP (needs Node >= 24.20). Given an entry, build it (with the build flags below), serve it, and rebuild when a source or WIT file changes.",
    )
    .argument('<component>', 'the .wasm component, or an entry module to build and watch')
    .option('--port <n>', 'port (0 picks a free one)', '8000')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--reuse',
      'answer every request with one instance (a fetch-event instance of some engines answers only one)',
      false,
    )
    .option('--json', 'log requests (and rebuilds) as JSON lines on stdout', false)
    .option('--timeout <seconds>', 'a handler running longer is stopped and its request answered 504', '30')
    .option('--max-body <bytes>', 'a larger request body is answered 413', String(10 * 1024 * 1024))
    .option('--workers <n>', 'worker threads answering requests, one request at a time each', '2')
    .option(
      '--max-memory <MB>',
      "the server's resident memory beyond which the longest-running request is stopped (500)",
      '2048',
    )
    .option(
      '--no-expose-errors',
      "answer a failed handler with a generic 500 instead of its exception's message and stack (the log still has them); always so on a --host that is not loopback",
    );
  addGrantFlags(serve);
  // With an entry: the build flags, but the entry (its argument is serve's) and the command flags
  // serve does not take or, like --json (JSON log lines), declares itself above.
  addBuildFlags(
    serve,
    engines,
    new Set(['entry', 'json', ...flagsNotOf('serve')]),
    // A built .wasm needs no world.
    '(required to build an entry; a .wasm needs none)',
  );
  serve.action(lazy(async () => (await import('./serve-command.js')).runServeCommand, onStatus));

  const inputs = subcommand(program, 'inputs').description(
    'List every file, environment variable and tool version the build with these flags reads, and one hash of them, without building (a cache key for CI and other build systems).',
  );
  addBuildFlags(inputs, engines, new Set(flagsNotOf('inputs')));
  inputs
    .option('--json', 'print the inputs as JSON on stdout', false)
    .option('--hash', 'print only the hash', false)
    .action(lazy(async () => (await import('./inputs-command.js')).runInputsCommand, onStatus));

  subcommand(program, 'compare')
    .description(
      'Build <entry> with every engine and variant and compare size, build time, memory, cold start and throughput.',
    )
    .argument('<entry>', 'entry module')
    .requiredOption('--wit <path>', 'WIT file, or a directory of .wit files with deps/')
    .option('--world <name>', 'world to build')
    .option('--engines <list>', `comma-separated engines (default: ${engines.map((e) => e.name).join(',')})`)
    .option('--invoke <call>', 'a call to time, e.g. \'greet("World")\'')
    .option('--iterations <n>', 'timed rounds of the call, for min/median throughput', '5')
    .option('--report <file>', 'also write a self-contained HTML report with bar charts')
    .option('--out-dir <dir>', "keep every variant's component in this directory")
    .option('--max-size <size>', "budget column: a variant's size limit, e.g. '1.5 MB' (the build's budget.size)")
    .option('--max-gzip <size>', 'budget column: the gzip size limit (budget.gzip)')
    .option('--max-cold-start <ms>', 'budget column: the cold-start limit in milliseconds (budget.coldStartMs)')
    .option('-q, --quiet', 'print nothing but the result and errors', false)
    .option('--json', 'print the result as JSON on stdout', false)
    .action(lazy(async () => (await import('./compare-command.js')).runCompareCommand, onStatus));

  subcommand(program, 'init')
    .description(
      'Write a ready project: package.json, componentize.config.ts, a world, src/app.ts and a test that builds and calls it.',
    )
    .argument('[dir]', 'project directory (created if missing)', '.')
    .option(
      '--template <name>',
      'plugin (a world with a host import), command (wasi:cli/run), http (a fetch handler, wasi:http/proxy)',
      'plugin',
    )
    .option('--engine <name>', `engine of the config and the test (default: ${DEFAULT_ENGINE})`)
    .option(
      '--componentize-spec <spec>',
      'the componentize devDependency in package.json: a version, tarball, path or git URL (default: $COMPONENTIZE_SPEC, else a file: spec of the clone or tarball this componentize runs from, else ^<this version> with a warning: the package is not published yet)',
    )
    .option('--force', 'overwrite files that exist', false)
    .option('-q, --quiet', 'print nothing but errors', false)
    .option('--json', 'print the written files as JSON on stdout', false)
    .action(lazy(async () => (await import('./init-command.js')).runInitCommand, onStatus));

  // The build flags are listed here too: `build` is the default command, and errors point at
  // `componentize --help` for them.
  program.addHelpText(
    'after',
    () =>
      `\nOptions of build, the default command (componentize [entry] [options]):\n${optionList(build)}\n` +
      `\nEngines:\n${engines.map((e) => `  ${e.name.padEnd(16)}${e.description}`).join('\n')}\n\nExample:\n  componentize app.ts --wit world.wit --engine ${DEFAULT_ENGINE} -o app.wasm`,
  );
  return program;
}

/** What a command's action resolves to: the exit status it calls for (it printed its output and errors). */
export type CommandStatus = number;

/** The build command's argument and options, from the flag table (src/options/flags.ts). */
function addBuildFlags(
  build: Command,
  engines: readonly EngineAdapter[],
  skip: ReadonlySet<string> = new Set(),
  required = '(required)',
): void {
  for (const [key, row] of Object.entries(BUILD_FLAGS) as [string, FlagRow][]) {
    if (skip.has(key)) continue;
    if (row.kind === 'argument') build.argument(row.flags, flagHelp(row, engines));
    if (row.kind !== 'option') continue;
    const option = new Option(row.flags, flagHelp(row, engines, required));
    const value = row.default?.value;
    if (row.repeatable) option.argParser(collect).default([]);
    else if (value !== undefined) option.default(typeof value === 'function' ? value(engines) : value);
    build.addOption(option);
  }
}

/** The command flags (COMMAND_FLAGS) another command than build does not take, and those it declares itself (--json). */
function flagsNotOf(name: 'serve' | 'inputs'): string[] {
  const keys = Object.keys(COMMAND_FLAGS) as (keyof typeof COMMAND_FLAGS)[];
  return ['json', ...keys.filter((key) => !(COMMAND_FLAGS[key] as readonly string[]).includes(name))];
}

/** A command's options as its own `--help` lists them, to show them in another command's help. */
function optionList(command: Command): string {
  const help = command.createHelp();
  help.prepareContext({ helpWidth: process.stdout.isTTY ? process.stdout.columns : undefined });
  const termWidth = help.padWidth(command, help);
  return help
    .visibleOptions(command)
    .filter((option) => option.long !== '--help')
    .map((option) => help.formatItem(help.optionTerm(option), termWidth, help.optionDescription(option), help))
    .join('\n');
}

/**
 * An action that imports its command module only when it runs. A command returns its exit
 * status, or throws, and then its error is printed here (as JSON with `--json`); either way the
 * status goes to `onStatus`, and `src/cli.ts` sets it on the process, in one place.
 */
function lazy<A extends unknown[]>(
  load: () => Promise<(...args: A) => Promise<CommandStatus>>,
  onStatus: (status: CommandStatus) => void,
): (...args: A) => Promise<void> {
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
