import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { topLevelExports } from '../component/exports.js';
import { ComponentizeError, invalidOption, trap } from '../errors.js';
import { expectComponent } from '../host/check-component.js';
import { type ExportedFunction, exportedFunctions, formatSignature } from '../host/export-signatures.js';
import { GuestStderr, withGuestStderr } from '../host/guest-stderr.js';
import { instantiateComponent } from '../host/instantiate.js';
import { invokeExport } from '../host/invoke.js';
import { type ExportCall, parseCall } from '../host/parse-call.js';
import { formatValue } from '../host/value-codec.js';
import { stackMapperFor } from '../js/stack-map.js';
import { memoDirFor } from '../store/layout.js';
import { type GrantFlags, grantsFromFlags, printDenied } from './grant-flags.js';
import { EXIT } from './print.js';

interface RunFlags extends GrantFlags {
  invoke?: string;
  /** A file holding the call, or `-` for stdin: for arguments beyond the OS's argv limit (~128 KiB). */
  invokeFile?: string;
  host: string[];
  json: boolean;
}

/**
 * `componentize run app.wasm --invoke 'greet("World")'`: instantiate in this Node (jco's bindings,
 * from the build cache's memo when a component of the same shape was seen; WASI from
 * preview2-shim) and call one export. The component's own output goes to this
 * process's stdout/stderr; the result is printed last.
 */
export async function runRunCommand(componentPath: string, flags: RunFlags): Promise<number> {
  const text = await callText(flags);
  const parsedCall =
    text === undefined ? undefined : parseCall(text, flags.invoke === undefined ? '--invoke-file' : '--invoke');
  const bytes = await readFile(resolve(componentPath)).catch((cause: unknown) => {
    throw invalidOption(`<component>: cannot read ${componentPath}`, { cause });
  });
  expectComponent(bytes, componentPath);
  const describe = () => exportedFunctions(bytes);
  // No call: a command (`wasi:cli/run`) is run, as `wasmtime run` does; anything else must be told what to call.
  const call = parsedCall ?? (await defaultCall(bytes, describe, componentPath));
  const hostModules = Object.fromEntries(
    flags.host.map((entry) => {
      const at = entry.indexOf('=');
      if (at < 1)
        throw invalidOption(`Invalid value for --host: "${entry}"`, {
          hint: 'Use --host <interface>=<module.js>, e.g. --host local:app/host=./host.js',
        });
      return [entry.slice(0, at), resolve(entry.slice(at + 1))];
    }),
  );
  // With `<component>.map` beside it, the engine's stack positions name the original files.
  const mapper = await stackMapperFor(resolve(componentPath));
  const write = process.stderr.write.bind(process.stderr);
  const guest = new GuestStderr((text) => write(text), mapper);
  // jco's bindings come from the memo builds use (a component of a shape seen before: no transpile).
  const memo = { dir: memoDirFor(process.cwd()) };
  // Nothing but stdio, clocks and random unless granted (--dir, --env, --allow-net).
  const { exports, instantiateMs, bindings } = await instantiateComponent(bytes, {
    hostModules,
    memo,
    grants: grantsFromFlags(flags),
    onDenied: printDenied,
  });
  const instantiated = performance.now();
  let result: unknown;
  try {
    result = await withGuestStderr(guest, () => invokeExport(exports, call, describe));
  } catch (error) {
    if (error instanceof ComponentizeError) throw error;
    // The engine's report of the JavaScript exception (its message and mapped stack), when it made one.
    const exception = guest.take();
    const why = exception?.message ?? (error instanceof Error ? error.message : String(error));
    throw trap(`${call.path.join('.')} failed: ${why}`, {
      hint: exception
        ? 'A JavaScript exception that escapes an export traps the component: catch it, or fix what threw.'
        : 'A JavaScript exception inside a component becomes a trap; its message and stack, if any, are printed above.',
      location: exception?.location,
      exception,
      // The trap itself (`unreachable`) says nothing the exception does not.
      cause: exception ? undefined : error,
    });
  }
  const called = performance.now();
  // No process.exit afterwards (src/cli.ts lets the process end on its own): exiting right after
  // this write cut piped output off at 64 KiB. Nothing of the component holds the event loop:
  // preview2-shim does its I/O in a worker thread it unrefs.
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: true, result: JSON.parse(formatValue(result === undefined ? null : result)), instantiateMs, callMs: called - instantiated, bindings })}\n`,
    );
  } else if (parsedCall !== undefined) {
    // A command run without a call prints nothing more: its success is its exit status.
    process.stdout.write(`${formatValue(result)}\n`);
  }
  return EXIT.ok;
}

/** The call from `--invoke`, or read from `--invoke-file` (`-`: stdin); at most one of them. */
async function callText(flags: RunFlags): Promise<string | undefined> {
  if (flags.invoke !== undefined && flags.invokeFile !== undefined) {
    throw invalidOption('--invoke and --invoke-file cannot both be given', {
      hint: 'e.g. --invoke \'greet("World")\', or --invoke-file call.txt (- reads the call from stdin) for arguments too large for the command line.',
    });
  }
  if (flags.invoke === undefined && flags.invokeFile === undefined) return undefined;
  if (flags.invoke !== undefined) return flags.invoke;
  const file = flags.invokeFile!;
  const read = file === '-' ? readStdin() : readFile(resolve(file), 'utf8');
  return read.catch((cause: unknown) => {
    throw invalidOption(`--invoke-file: cannot read ${file}`, { cause });
  });
}

/**
 * The call when none is given: `run` of `wasi:cli/run` when the component exports it. Else the
 * error lists what the component exports, with WIT signatures, to pick a call from.
 */
async function defaultCall(
  bytes: Uint8Array,
  describe: () => Promise<ExportedFunction[] | undefined>,
  componentName: string,
): Promise<ExportCall> {
  const exported = topLevelExports(bytes);
  const command = exported.find((e) => /^wasi:cli\/run@/.test(e.name));
  if (command) return { path: [command.name, 'run'], args: [] };
  const functions = await describe();
  // An HTTP handler is called by a server with a request, which `--invoke` cannot build: point at `serve`.
  const handler = exported.find((e) => /^wasi:http\/(incoming-handler|handler)@/.test(e.name));
  if (handler && !functions?.some((f) => !/^(wasi:http\/)?(incoming-handler|handler)(@|$)/.test(f.path[0] ?? '')))
    throw invalidOption(
      `run needs a function to call; this component is an HTTP handler (it exports ${handler.name})`,
      {
        hint: `serve it and send it requests: componentize serve ${shellWord(componentName)} (add --dir, --env or --allow-net for what it needs).`,
      },
    );
  const listed = functions?.length
    ? `; it exports:\n${functions.map((f) => `  ${formatSignature(f)}`).join('\n')}`
    : '';
  const example = functions?.[0] ? exampleCall(functions[0]) : 'greet("World")';
  throw invalidOption(`run needs the call: --invoke <call> or --invoke-file <file>${listed}`, {
    hint: `e.g. --invoke '${example}', or --invoke-file call.txt (- reads the call from stdin) for arguments too large for the command line.`,
  });
}

/** `greet("...")`: a call to start from, with a value of each parameter's type where one is obvious. */
function exampleCall(fn: ExportedFunction): string {
  const params = fn.params ? fn.params.split(/,\s*(?![^<(]*[>)])/) : [];
  return `${fn.path.join('.')}(${params.map(exampleValue).join(', ')})`;
}

function exampleValue(param: string): string {
  const type = param.slice(param.indexOf(':') + 1).trim();
  if (type === 'string') return '"..."';
  if (/^(?:[su](?:8|16|32|64)|f32|f64)$/.test(type)) return '1';
  if (type === 'bool') return 'true';
  if (type.startsWith('list<')) return '[]';
  return `<${param}>`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A path as one word a POSIX shell reads back unchanged, for a command to paste. */
function shellWord(path: string): string {
  return /^[\w./:@+-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
