import { readFile } from 'node:fs/promises';
import { extname, relative, resolve } from 'node:path';
import { invalidOption, portInUse } from '../errors.js';
import { stackMapperFor, type StackMapper } from '../run/stack-map.js';
import { serveComponent, type AccessLogEntry, type FailureLogEntry } from '../serve/server.js';
import { EXIT } from './print.js';

interface ServeFlags {
  port: string;
  host: string;
  reuse: boolean;
  json: boolean;
  wit?: string;
  engine?: string;
}

/**
 * `componentize serve app.wasm --port 8000`: answers HTTP requests on loopback with the
 * component's wasi:http/incoming-handler, one access-log line per request on stderr. Given an
 * entry instead of a component, it builds it first (through the build cache). Returns when
 * Ctrl-C (or SIGTERM) stops the server: exit 0.
 */
export async function runServeCommand(target: string, flags: ServeFlags): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidOption(`Invalid value for --port: "${flags.port}"`, { hint: 'Use a port number from 0 to 65535 (0 picks a free one).' });
  const componentPath = extname(target) === '.wasm' ? resolve(target) : await buildEntry(target, flags);
  const bytes = await readFile(componentPath).catch((cause: unknown) => {
    throw invalidOption(`<component>: cannot read ${target}`, { cause });
  });
  const mapper = await stackMapperFor(componentPath);
  if (mapper) mapStderr(mapper);
  const started = await serveComponent(bytes, { port, host: flags.host, reuse: flags.reuse, log: (entry) => writeLog(entry, flags.json, mapper) }).catch((error: unknown) => {
    if (/EADDRINUSE|address already in use/i.test(String((error as Error)?.message ?? error))) {
      throw portInUse(`port ${port} on ${flags.host} is already in use`, { hint: 'Stop what listens there, or pick another port with --port (0 picks a free one).', cause: error });
    }
    throw error;
  });
  const url = `http://${started.address.host}:${started.address.port}/`;
  if (flags.json) process.stdout.write(`${JSON.stringify({ listening: url, component: componentPath })}\n`);
  else process.stderr.write(`serving ${relative(process.cwd(), componentPath) || componentPath} on ${url} (Ctrl-C stops)\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  started.stop();
  return EXIT.ok;
}

/** `componentize serve app.ts --wit wasi:http/proxy`: a build like the default command's, source map on, cache on. */
async function buildEntry(entry: string, flags: ServeFlags): Promise<string> {
  const { componentize } = await import('../pipeline.js');
  const out = resolve(`${entry.replace(/\.[cm]?[jt]sx?$/, '')}.wasm`);
  await componentize({ entry, wit: flags.wit ?? 'wasi:http/proxy', ...(flags.engine ? { engine: flags.engine } : {}), out, sourcemap: true });
  return out;
}

function writeLog(entry: AccessLogEntry | FailureLogEntry, json: boolean, mapper: StackMapper | undefined): void {
  const time = new Date().toISOString();
  const message = entry.kind === 'error' && mapper ? { ...entry, message: mapper.rewrite(entry.message) } : entry;
  if (json) {
    process.stdout.write(`${JSON.stringify({ time, ...message, ...(message.kind === 'request' ? { ms: Math.round(message.ms * 10) / 10 } : {}) })}\n`);
  } else if (message.kind === 'request') {
    process.stderr.write(`${time.slice(11, 19)} ${message.method} ${message.path} ${message.status} ${message.ms.toFixed(1)} ms\n`);
  } else {
    process.stderr.write(`${time.slice(11, 19)} error in ${message.method} ${message.path}: ${message.message}\n`);
  }
}

/** The engine prints an exception's stack to stderr with positions in the bundle: map them to the sources. */
function mapStderr(mapper: StackMapper): void {
  const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    write(mapper.rewrite(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)), ...rest)) as typeof process.stderr.write;
}
