import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { invalidOption } from '../errors.js';
import { expectComponent } from '../host/check-component.js';
import { stackMapper } from '../js/stack-map.js';
import { expectHttpHandler } from '../serve/http-export.js';
import { serveComponent } from '../serve/pool.js';
import { memoDirFor } from '../store/layout.js';
import { EXIT } from './print.js';
import { writeLog } from './serve-log.js';
import { announce, listening, mapStderr, type ServeFlags, serveLimits, untilStopped } from './serve-session.js';

/**
 * `componentize serve app.wasm --port 8000`: answers HTTP requests on loopback with the
 * component's wasi:http/incoming-handler, one access-log line per request on stderr. Given an
 * entry instead of a component, it is a dev server (serve-entry.ts): it builds, serves, and
 * rebuilds on change. Returns when Ctrl-C (or SIGTERM) stops the server: exit 0.
 */
export async function runServeCommand(target: string, flags: ServeFlags, command: Command): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalidOption(`Invalid value for --port: "${flags.port}"`, {
      hint: 'Use a port number from 0 to 65535 (0 picks a free one).',
    });
  // Under sustained load V8 grows a thread's young generation to 64 MB and more and keeps it
  // committed, mostly empty: the server's resident memory then climbed for ~6,000 requests. A
  // running isolate's cap cannot be lowered, but the growth factor is read at each growth, so
  // at 1 the young generations (this thread's and the workers') keep their starting size.
  // Measured at concurrency 8 (QuickJS): 300 -> 417 MB from 2,000 to 8,000 requests before,
  // 240 -> 261 MB after. The process does little else (a dev server's engine runs in a child).
  setFlagsFromString('--semi-space-growth-factor=1');
  if (extname(target) !== '.wasm') {
    const { runServeEntry } = await import('./serve-entry.js');
    return runServeEntry(target, port, flags, command);
  }
  const componentPath = resolve(target);
  const bytes = await readFile(componentPath).catch((cause: unknown) => {
    throw invalidOption(`<component>: cannot read ${target}`, { cause });
  });
  expectComponent(bytes, target);
  expectHttpHandler(bytes, target);
  const sourceMap = await readFile(`${componentPath}.map`, 'utf8').catch(() => undefined);
  const mapper = sourceMap === undefined ? undefined : stackMapper(sourceMap);
  if (mapper) mapStderr(() => mapper);
  // jco's bindings from the project's memo, as `run` takes them.
  const memo = { dir: memoDirFor(process.cwd()) };
  const limits = serveLimits(flags, command);
  const started = await listening(port, flags.host, () =>
    serveComponent(bytes, {
      port,
      host: flags.host,
      reuse: flags.reuse,
      memo,
      sourceMap,
      exposeErrors: flags.exposeErrors,
      ...limits,
      log: (entry) => writeLog(entry, flags.json, mapper),
    }),
  );
  announce(started.address, componentPath, flags, limits.grants);
  await untilStopped();
  await started.stop();
  return EXIT.ok;
}
