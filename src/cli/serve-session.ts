import { relative } from 'node:path';
import { invalidOption, portInUse } from '../errors.js';
import type { StackMapper } from '../js/stack-map.js';
import type { RunningServer } from '../serve/types.js';

// What both forms of `serve` (a component, an entry) do around the server.

export interface ServeFlags {
  port: string;
  host: string;
  reuse: boolean;
  json: boolean;
  [flag: string]: unknown;
}

/** Starts a server, turning "address in use" into PORT_IN_USE. */
export async function listening<T>(port: number, host: string, start: () => Promise<T>): Promise<T> {
  return start().catch((error: unknown) => {
    if (/EADDRINUSE|address already in use/i.test(String((error as Error)?.message ?? error))) {
      throw portInUse(`port ${port} on ${host} is already in use`, {
        hint: 'Stop what listens there, or pick another port with --port (0 picks a free one).',
        cause: error,
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

export function announce(address: RunningServer['address'], componentPath: string, json: boolean): void {
  const url = `http://${address.host}:${address.port}/`;
  if (json) process.stdout.write(`${JSON.stringify({ listening: url, component: componentPath })}\n`);
  else
    process.stderr.write(
      `serving ${relative(process.cwd(), componentPath) || componentPath} on ${url} (Ctrl-C stops)\n`,
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
