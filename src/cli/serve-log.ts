import { relative } from 'node:path';
import type { StackMapper } from '../js/stack-map.js';
import type { RebuildEvent } from '../serve/dev-server.js';
import type { AccessLogEntry, FailureLogEntry } from '../serve/types.js';
import { annotateFailure, formatFailure, formatMs } from './print.js';

/** One access-log line per request (and one per handler failure): text on stderr, or JSON on stdout. */
export function writeLog(
  entry: AccessLogEntry | FailureLogEntry,
  json: boolean,
  mapper: StackMapper | undefined,
): void {
  const time = new Date().toISOString();
  const message = entry.kind === 'error' && mapper ? { ...entry, message: mapper.rewrite(entry.message) } : entry;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ time, ...message, ...(message.kind === 'request' ? { ms: Math.round(message.ms * 10) / 10 } : {}) })}\n`,
    );
  } else if (message.kind === 'request') {
    process.stderr.write(
      `${time.slice(11, 19)} ${message.method} ${message.path} ${message.status} ${message.ms.toFixed(1)} ms\n`,
    );
  } else {
    const stack = message.stack ? `\n${message.stack}` : '';
    process.stderr.write(
      `${time.slice(11, 19)} error in ${message.method} ${message.path}: ${message.message}${stack}\n`,
    );
  }
}

/**
 * One line per rebuild: `10:02:03 rebuilt app.wasm in 1.2 s (app.ts changed)`; a failed one prints
 * the build error as the build command does, then says the last good component goes on serving.
 * With `--json`, one JSON line on stdout (`kind: "rebuild"`, `ok`, and the report's `out` or the error).
 */
export function writeRebuild(event: RebuildEvent, json: boolean): void {
  const time = new Date().toISOString();
  const changed = event.changed.map((f) => relative(process.cwd(), f) || f);
  const ms = Math.round(event.ms);
  if (json) {
    const outcome = event.ok
      ? { out: event.result.report.out, cache: event.result.report.cache.status }
      : { error: event.error.toJSON() };
    process.stdout.write(`${JSON.stringify({ time, kind: 'rebuild', ok: event.ok, ms, changed, ...outcome })}\n`);
    if (!event.ok) annotateFailure(event.error);
    return;
  }
  const because = changed.length
    ? ` (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', ...' : ''} changed)`
    : '';
  if (event.ok) {
    process.stderr.write(
      `${time.slice(11, 19)} rebuilt ${relative(process.cwd(), event.result.report.out)} in ${formatMs(event.ms)}${because}\n`,
    );
    return;
  }
  annotateFailure(event.error);
  process.stderr.write(formatFailure(event.error));
  process.stderr.write(`${time.slice(11, 19)} rebuild failed${because}; still serving the last good build\n`);
}
