/**
 * Wizer's command line over our snapshotter, so tools that spawn Wizer (componentize-js's
 * `wizerBin`) can run this instead. It understands the flags Wizer 11 has that matter for a core
 * module, prints errors as Wizer does (`Error: ...`, then `Caused by:`), and exits 1 on failure.
 * Two flags of ours pin nondeterminism: `--clock-epoch-ns=<n>` and `--random-seed=<hex>`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { invalidOption } from '../../errors.js';
import { type SnapshotOptions, snapshot } from './index.js';

export interface WizerCliIo {
  env: NodeJS.ProcessEnv;
  stdout: (bytes: Uint8Array) => void;
  stderr: (text: string) => void;
}

const defaultIo: WizerCliIo = {
  env: process.env,
  stdout: (bytes) => process.stdout.write(bytes),
  stderr: (text) => process.stderr.write(text),
};

interface Parsed {
  input: string | undefined;
  output: string | undefined;
  options: SnapshotOptions;
  inheritEnv: boolean;
}

/** Runs like the `wizer` binary; `stdin` is what the process read from its stdin. Returns the exit status. */
export async function runWizerCli(
  argv: readonly string[],
  stdin: Uint8Array,
  io: WizerCliIo = defaultIo,
): Promise<number> {
  try {
    const { input, output, options, inheritEnv } = parseArgs(argv);
    const fromStdin = input === undefined || input === '-';
    const wasm = fromStdin ? stdin : new Uint8Array(await readFile(input));
    const env = inheritEnv
      ? Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined))
      : {};
    const result = await snapshot(wasm, { ...options, env, stdin: fromStdin ? new Uint8Array() : stdin });
    if (output === undefined) io.stdout(result);
    else await writeFile(output, result);
    return 0;
  } catch (error) {
    io.stderr(formatError(error));
    return 1;
  }
}

/** anyhow's layout: the message, then the causes (numbered when more than one). */
export function formatError(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; e !== undefined && messages.length < 16; e = e instanceof Error ? e.cause : undefined) {
    messages.push(e instanceof Error ? e.message : String(e));
  }
  const [head, ...causes] = messages;
  let text = `Error: ${head}\n`;
  if (causes.length > 0) {
    text += '\nCaused by:\n';
    causes.forEach((cause, i) => {
      const [first, ...rest] = cause.split('\n');
      const label = causes.length > 1 ? `${i}: ` : '';
      text += `    ${label}${first}\n${rest.map((line) => `       ${line}\n`).join('')}`;
    });
  }
  return text;
}

function parseArgs(argv: readonly string[]): Parsed {
  const options: SnapshotOptions = { initFunc: 'wizer-initialize', dirs: [], mapDirs: [], renames: [] };
  let input: string | undefined;
  let output: string | undefined;
  let inheritEnv = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      if (input !== undefined) throw invalidOption(`unexpected argument '${arg}' found`);
      input = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg.startsWith('-o=') ? '-o' : arg;
    const inline = flag === arg ? undefined : arg.slice(flag.length + 1);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw invalidOption(`a value is required for '${flag}' but none was supplied`);
      return next;
    };
    const bool = (): boolean => {
      if (inline === undefined) return true;
      if (inline === 'true' || inline === 'false') return inline === 'true';
      throw invalidOption(`invalid value '${inline}' for '${flag}': possible values: true, false`);
    };
    switch (flag) {
      case '-f':
      case '--init-func':
        options.initFunc = value();
        break;
      case '-o':
        output = value();
        break;
      case '-r':
      case '--rename-func':
      case '--func-rename': {
        const spec = value();
        const at = spec.indexOf('=');
        if (at < 0)
          throw invalidOption(
            `invalid value '${spec}' for '--rename-func <dst=src>': must contain exactly one equals character ('=')`,
          );
        options.renames!.push([spec.slice(0, at), spec.slice(at + 1)]);
        break;
      }
      case '--keep-init-func':
        options.keepInitFunc = bool();
        break;
      case '--allow-wasi':
        options.allowWasi = bool();
        break;
      case '--inherit-env':
        inheritEnv = bool();
        break;
      case '--dir':
        options.dirs!.push(value());
        break;
      case '--mapdir': {
        const spec = value();
        const at = spec.indexOf('::');
        if (at < 0)
          throw invalidOption(`invalid value '${spec}' for '--mapdir <GUEST_DIR::HOST_DIR>': must contain '::'`);
        options.mapDirs!.push([spec.slice(0, at), spec.slice(at + 2)]);
        break;
      }
      case '--clock-epoch-ns':
        options.clockEpochNs = BigInt(value());
        break;
      case '--random-seed':
        options.randomSeed = Uint8Array.from(Buffer.from(value(), 'hex'));
        break;
      case '--inherit-stdio':
        options.inheritStdio = bool();
        break;
      // V8 always has these proposals on: accepted so the command lines that work with Wizer work here.
      case '--relaxed-simd-deterministic':
      case '--wasm-multi-memory':
      case '--wasm-multi-value':
      case '--wasm-bulk-memory':
      case '--wasm-simd':
      case '--wasm-relaxed-simd':
      case '--wasm-reference-types':
        bool();
        break;
      default:
        throw invalidOption(`unexpected argument '${arg}' found`);
    }
  }
  return { input, output, options, inheritEnv };
}
