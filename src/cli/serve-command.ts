import { readFile } from 'node:fs/promises';
import { extname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { memoDirFor } from '../cache/store.js';
import { invalidOption, portInUse } from '../errors.js';
import { stackMapperFor, type StackMapper } from '../js/stack-map.js';
import { serveComponent, type RunningServer } from '../serve/server.js';
import { EXIT } from './print.js';
import { writeLog } from './serve-log.js';

export interface ServeFlags {
  port: string;
  host: string;
  reuse: boolean;
  json: boolean;
  [flag: string]: unknown;
}

/**
 * `componentize serve app.wasm --port 8000`: answers HTTP requests on loopback with the
 * component's wasi:http/incoming-handler, one access-log line per request on stderr. Given an
 * entry instead of a component, it is a dev server (serve-entry.ts): it builds, serves, and
 * rebuilds on change. Returns when Ctrl-C (or SIGTERM) stops the server: exit 0.
 */
export async function runServeCommand(target: string, flags: ServeFlags, command: Command): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidOption(`Invalid value for --port: "${flags.port}"`, { hint: 'Use a port number from 0 to 65535 (0 picks a free one).' });
  if (extname(target) !== '.wasm') {
    const { runServeEntry } = await import('./serve-entry.js');
    return runServeEntry(target, port, flags, command);
  }
  const componentPath = resolve(target);
  const bytes = await readFile(componentPath).catch((cause: unknown) => {
    throw invalidOption(`<component>: cannot read ${target}`, { cause });
  });
  const mapper = await stackMapperFor(componentPath);
  if (mapper) mapStderr(() => mapper);
  // jco's bindings from the project's memo, as `run` takes them.
  const memo = { dir: memoDirFor(process.cwd()) };
  const started = await listening(port, flags.host, () => serveComponent(bytes, { port, host: flags.host, reuse: flags.reuse, memo, log: (entry) => writeLog(entry, flags.json, mapper) }));
  announce(started.address, componentPath, flags.json);
  await untilStopped();
  started.stop();
  return EXIT.ok;
}

/** Starts a server, turning "address in use" into PORT_IN_USE. */
export async function listening<T>(port: number, host: string, start: () => Promise<T>): Promise<T> {
  return start().catch((error: unknown) => {
    if (/EADDRINUSE|address already in use/i.test(String((error as Error)?.message ?? error))) {
      throw portInUse(`port ${port} on ${host} is already in use`, { hint: 'Stop what listens there, or pick another port with --port (0 picks a free one).', cause: error });
    }
    throw error;
  });
}

export function announce(address: RunningServer['address'], componentPath: string, json: boolean): void {
  const url = `http://${address.host}:${address.port}/`;
  if (json) process.stdout.write(`${JSON.stringify({ listening: url, component: componentPath })}\n`);
  else process.stderr.write(`serving ${relative(process.cwd(), componentPath) || componentPath} on ${url} (Ctrl-C stops)\n`);
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
  const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const mapper = current();
    return mapper ? write(mapper.rewrite(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)), ...rest) : write(chunk, ...rest);
  }) as typeof process.stderr.write;
}
