import { type ComponentizeError, engineCrashed, engineFailed } from '../errors.js';
import type { StackMapper } from '../js/stack-map.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';

/**
 * Engine errors arrive as long multi-line texts with Wizer backtraces and wasm frame lists. The
 * user needs the JavaScript error and where it happened; the rest stays in the error's cause.
 */
const NOISE = [
  /^\s*\d+: 0x[0-9a-f]+ - .*$/i, // wasm backtrace frames
  /^\s*\d+:\s+(?:0x[0-9a-f]+ - )?.*<wasm function \d+>.*$/i, // frames without an address (the first)
  /^\s*wasm backtrace:\s*$/i,
  /^\s*note: using the `WASMTIME_BACKTRACE_DETAILS=1`.*$/i,
  /^\s*Stack backtrace:\s*$/i,
  /^\s*at \S+ \(.*\.rs:\d+:\d+\)\s*$/,
];

export function cleanEngineMessage(message: string): string {
  // Wasmtime puts the trap after the last frame, on its line: it is kept when the frames go.
  const lines = message
    .replace(/(<wasm function \d+>): (wasm trap: )/g, '$1\n$2')
    .split('\n')
    .filter((line) => !NOISE.some((re) => re.test(line)))
    .map((line) => line.trimEnd());
  // Collapse runs of blank lines left behind by removed blocks.
  // componentize-qjs prefixes an empty context (": Failed to evaluate ...").
  return dropRepeatedRejection(
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .replace(/^:\s*/, '')
      // Wasmtime's "error while executing at wasm backtrace:" with its frames gone and the trap after them.
      .replace(/error while executing at wasm backtrace:\s*:?\s*/, ''),
  );
}

/**
 * StarlingMonkey reports a top-level exception twice: as the exception, then as "Promise rejected
 * but never handled: <the same message>" (the module's evaluation promise). The second says
 * nothing new; a rejection with another message stays.
 */
function dropRepeatedRejection(text: string): string {
  const match =
    /\nAdditionally, some promises were rejected, but the rejection never handled:\nPromise rejected but never handled: (.*)\n/.exec(
      text,
    );
  if (!match || !text.slice(0, match.index).includes(match[1]!)) return text;
  return text.slice(0, match.index) + text.slice(match.index + match[0].length - 1);
}

/**
 * How componentize-js and Rust tools say that the tool itself failed rather than the JavaScript
 * it ran: componentize-js appends the signal or spawn error of a Wizer/weval that died, and a
 * Rust panic in Wizer, weval or Wasmtime prints its thread and place.
 */
const TOOL_CRASH = [/^Process was killed by signal: /m, /^Process error: /m, /\bthread '[^']*' panicked at /];

/** Whether an engine's failure message reports a crashed tool rather than a fault in the user's code. */
export function isToolCrash(message: string): boolean {
  return TOOL_CRASH.some((re) => re.test(message));
}

/**
 * The error for an engine that rejected its build, from the engine's own message and stack:
 * ENGINE_CRASHED when the tool itself died, else ENGINE_FAILED (the user's code threw or did not
 * parse while the snapshot was taken), the message cleaned and pointing into the user's files.
 */
export function engineError(
  engine: EngineAdapter,
  rawMessage: string,
  stack: string | undefined,
  mapper: StackMapper | undefined,
): ComponentizeError {
  const cleaned = cleanEngineMessage(rawMessage);
  const message = `${engine.name} could not build the component: ${mapper ? mapper.rewrite(cleaned) : cleaned}`;
  const cause = Object.assign(new Error(rawMessage), { stack });
  // The tool itself died (Wizer or weval killed by a signal, panicked, or never started): not
  // the user's code, so exit 2 and a trace to report.
  if (isToolCrash(rawMessage)) {
    return engineCrashed(message, {
      hint: 'This is not caused by your code; a retry may succeed. If it persists, please report it with the trace below.',
      cause,
    });
  }
  // Its raw text is the message again, with bundle positions and noise: printed once, cleaned.
  return engineFailed(message, {
    hint: /too much data is being copied between the host and the guest/.test(rawMessage)
      ? 'The bundle is too large for the engine to take in (a 50 MB entry is, measured): load large data at run time instead of bundling it, or split it up.'
      : /call stack exhausted/.test(rawMessage)
        ? 'The engine ran out of stack while parsing or running the top-level code: code nested a few hundred levels deep (brackets, calls, blocks) or deep recursion. Build deep structures at run time (a loop, or JSON.parse of a string) instead of writing them out nested.'
        : 'Check the JavaScript named above; it runs once at build time, when the snapshot is taken.',
  });
}

/** How long an engine may run, and the option that says so as the user spells it (`--snapshot-timeout-ms`). */
export interface EngineTimeLimit {
  ms: number;
  option: string;
}

/**
 * The engine ran past its time limit. Almost always the entry's top-level code, which the engine
 * runs while it takes the snapshot, does not end (an endless loop, a wait for something that
 * never comes in a build): the user's program, so the user's error.
 */
export function engineTimedOut(engine: EngineAdapter, limit: EngineTimeLimit): ComponentizeError {
  return engineFailed(
    `the ${engine.name} engine did not finish within ${formatMs(limit.ms)} (${limit.option}): the entry's top-level code runs while the snapshot is taken, and it may not end (an endless loop?)`,
    {
      hint: `Make the top-level code finish (move work that never ends into an export), or raise ${limit.option} if the build is only slow.`,
    },
  );
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
