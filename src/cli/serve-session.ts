import { relative } from 'node:path';
import type { Command } from 'commander';
import type { ServeConfig } from '../config/define-config.js';
import { invalidOption, portInUse } from '../errors.js';
import { describeGrants, type Grants } from '../host/grants.js';
import type { StackMapper } from '../js/stack-map.js';
import type { RunningServer, ServeOptions } from '../serve/types.js';
import { type GrantFlags, grantsFromFlags } from './grant-flags.js';

// What both forms of `serve` (a component, an entry) do around the server.

export interface ServeFlags extends GrantFlags {
  port: string;
  host: string;
  reuse: boolean;
  json: boolean;
  timeout: string;
  maxBody: string;
  workers: string;
  maxMemory: string;
  /** `--no-expose-errors` sets it false. */
  exposeErrors: boolean;
  [flag: string]: unknown;
}

/** The sandbox and limits of both forms of `serve`, from their flags. */
export function serveLimits(
  flags: ServeFlags,
  command: Command,
  config: ServeConfig = {},
): Pick<ServeOptions, 'grants' | 'timeoutMs' | 'maxBodyBytes' | 'workers' | 'maxMemoryBytes'> {
  // A flag the user typed wins over the config file's `serve`, which wins over the flag's default.
  const typed = (key: string) => command.getOptionValueSource(key) === 'cli';
  const number = (flag: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min)
      throw invalidOption(`Invalid value for ${flag}: "${value}"`, { hint: `Use a number >= ${min}.` });
    return n;
  };
  return {
    grants: mergeGrants(config.grants ?? {}, grantsFromFlags(flags)),
    timeoutMs:
      config.timeoutMs !== undefined && !typed('timeout')
        ? config.timeoutMs
        : number('--timeout', flags.timeout, 0.001) * 1000,
    maxBodyBytes:
      config.maxBodyBytes !== undefined && !typed('maxBody')
        ? config.maxBodyBytes
        : number('--max-body', flags.maxBody, 0),
    workers:
      config.workers !== undefined && !typed('workers')
        ? config.workers
        : Math.floor(number('--workers', flags.workers, 1)),
    maxMemoryBytes: number('--max-memory', flags.maxMemory, 1) * 1024 ** 2,
  };
}

/** Starts a server, turning "address in use" into PORT_IN_USE. */
export async function listening<T>(port: number, host: string, start: () => Promise<T>): Promise<T> {
  return start().catch((error: unknown) => {
    if (/EADDRINUSE|address already in use/i.test(String((error as Error)?.message ?? error))) {
      // No cause: `listen EADDRINUSE` under it would only repeat the message.
      throw portInUse(`port ${port} on ${host} is already in use`, {
        hint: 'Stop what listens there, or pick another port with --port (0 picks a free one).',
      });
    }
    // The address to listen on does not resolve or is not this machine's: the --host typed.
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN') {
      throw invalidOption(`Invalid value for --host: cannot listen on "${host}" (${code})`, {
        hint: 'Use an address of this machine: 127.0.0.1 (the default), ::1, 0.0.0.0 for every interface, or localhost.',
        cause: error,
      });
    }
    throw error;
  });
}

/** The config's grants with the flags' added: directories of both, the flags' variables over the config's. */
function mergeGrants(config: Grants, flags: Grants): Grants {
  return {
    dirs: [...(config.dirs ?? []), ...(flags.dirs ?? [])],
    env: { ...config.env, ...flags.env },
    envInherit: Boolean(config.envInherit || flags.envInherit),
    net: flags.net || config.net,
  };
}

export function announce(
  address: RunningServer['address'],
  componentPath: string,
  flags: ServeFlags,
  grants: Grants = {},
): void {
  const url = `http://${address.host}:${address.port}/`;
  // What the component may reach, said where the user looks: a grant is a decision to see.
  const granted = describeGrants(grants);
  if (flags.json) process.stdout.write(`${JSON.stringify({ listening: url, component: componentPath, granted })}\n`);
  else
    process.stderr.write(
      `serving ${relative(process.cwd(), componentPath) || componentPath} on ${url} (granted: ${granted}; Ctrl-C stops)\n`,
    );
}

/** Resolves on Ctrl-C or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The engine prints an exception's stack to stderr with positions in the bundle: map them to the sources (of the component serving now). */
export function mapStderr(current: () => StackMapper | undefined): void {
  const write = process.stderr.write.bind(process.stderr) as (
    chunk: string | Uint8Array,
    ...rest: unknown[]
  ) => boolean;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const mapper = current();
    return mapper
      ? write(mapper.rewrite(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)), ...rest)
      : write(chunk, ...rest);
  }) as typeof process.stderr.write;
}
