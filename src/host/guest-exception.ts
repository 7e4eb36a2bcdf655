import type { SourceLocation } from '../errors.js';
import type { StackMapper } from '../js/stack-map.js';

/** A JavaScript exception that escaped the guest, as its engine reported it, positions in the user's files when mapped. */
export interface GuestException {
  message: string;
  /** One frame a line, `    at name (file:line:column)`, innermost first; frames of our glue left out. */
  stack: string;
  /** The innermost frame in the user's files (with the line's text when the map has the sources). */
  location?: SourceLocation | undefined;
}

interface Frame {
  name: string;
  file: string;
  line: number;
  column: number;
}

/**
 * A frame as either engine prints it: QuickJS `    at check (/app.js:2:96)` (`at next (native)`
 * has no position), StarlingMonkey `  check@app.js:2:66` (anonymous: `  @app.js:35:63`).
 */
function parseFrame(text: string): Frame | undefined {
  const atFrame = /^\s*at (.*?) \((.*):(\d+):(\d+)\)$/.exec(text) ?? /^\s*at ()(.*):(\d+):(\d+)$/.exec(text);
  const atSignFrame = atFrame ? undefined : /^\s*([^@\s]*)@(.*):(\d+):(\d+)$/.exec(text);
  const m = atFrame ?? atSignFrame;
  if (!m) return undefined;
  return { name: m[1]!, file: m[2]!, line: Number(m[3]), column: Number(m[4]) };
}

/** Frames of code we add around the user's: the boundary glue, the promise-jobs runtime, the engine's own initializer. */
function isOurs(frame: Frame): boolean {
  return (
    frame.name.startsWith('__componentize_') ||
    frame.file.startsWith('componentize-promise-jobs:') ||
    /(^|\/)initializer\.js$/.test(frame.file)
  );
}

/**
 * The engine's frames as `    at name (file:line:column)`, mapped to the user's files. With a
 * map, a frame left in the bundle (the glue appended after the user's code, esbuild's helpers)
 * is not the user's and is left out; without one every frame but ours stays, in the bundle.
 */
export function cleanStack(
  frames: readonly string[],
  mapper: StackMapper | undefined,
): { stack: string; location: SourceLocation | undefined } {
  const lines: string[] = [];
  let location: SourceLocation | undefined;
  for (const text of frames) {
    const frame = parseFrame(text);
    if (!frame || isOurs(frame)) continue;
    const inBundle = mapper?.bundleName !== undefined && frame.file.replace(/^\//, '') === mapper.bundleName;
    const at = inBundle ? mapper!.locate(frame.line, frame.column) : undefined;
    // Mapped, a frame may land in code we added in front of the user's (the promise-jobs runtime).
    if ((inBundle && !at) || (at && isOurs({ ...frame, file: at.file }))) continue;
    const where = at ? `${at.file}:${at.line}:${at.column}` : `${frame.file}:${frame.line}:${frame.column}`;
    lines.push(frame.name ? `    at ${frame.name} (${where})` : `    at ${where}`);
    location ??= at;
  }
  return { stack: lines.join('\n'), location };
}

/**
 * QuickJS's panic line for an exception (componentize-qjs prints it with Rust's `{:?}`):
 * `Failed to call 'handle': Exception(Exception { message: Some("boom"), stack: Some("    at ...\n") })`.
 */
const PANIC_EXCEPTION =
  /^Failed to call '[^']*': Exception\(Exception \{ message: (None|Some\("(?:[^"\\]|\\.)*"\)), stack: (None|Some\("(?:[^"\\]|\\.)*"\)) \}\)$/;

/** The message and stack frames of an engine panic line for an exception (QuickJS), or undefined for another line. */
export function parsePanicException(line: string): { message: string; frames: string[] } | undefined {
  const m = PANIC_EXCEPTION.exec(line);
  if (!m) return undefined;
  const message = rustString(m[1]!) ?? 'an exception without a message';
  const frames = (rustString(m[2]!) ?? '').split('\n').filter((f) => f.trim() !== '');
  return { message, frames };
}

/** `Some("a\"b\n")` as Rust's Debug prints an `Option<String>` → `a"b` + newline; `None` → undefined. */
function rustString(option: string): string | undefined {
  if (option === 'None') return undefined;
  return option.slice(6, -2).replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (_, escaped: string, hex: string | undefined) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return { n: '\n', t: '\t', r: '\r', '0': '\0' }[escaped] ?? escaped;
  });
}

/** The exception as one text: the message, then the stack. */
export function formatGuestException(exception: GuestException): string {
  return exception.stack ? `${exception.message}\n${exception.stack}` : exception.message;
}
