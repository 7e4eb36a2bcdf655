import type { StackMapper } from '../js/stack-map.js';
import { cleanStack, formatGuestException, type GuestException, parsePanicException } from './guest-exception.js';

/**
 * The guest's stderr on its way to the terminal, line by line. The engines report an exception
 * that escapes the guest there, each in its own words, wrapped in noise the user cannot act on:
 * - QuickJS (componentize-qjs) panics: `thread '<unnamed>' (1) panicked at crates/...:`, then
 *   `Failed to call 'f': Exception(Exception { message: Some(".."), stack: Some("..") })`, then
 *   `note: run with \`RUST_BACKTRACE=1\` ...` (or a `stack backtrace:`);
 * - StarlingMonkey prints the message (after `Error while running request handler: ` for a fetch
 *   event), `Stack:`, the frames indented, an empty line, and on a trap
 *   `Redirecting call to abort() to mozalloc_abort`.
 * Those become one `GuestException` (message, stack mapped to the user's files), taken by the
 * caller for its error or its 500 answer; the noise is dropped; everything else the guest wrote
 * passes on unchanged (a line late: a line before `Stack:` is the message).
 */
export class GuestStderr {
  private partial = '';
  private held: string | undefined;
  private state: 'text' | 'panic' | 'backtrace' | 'frames' | 'aborted' = 'text';
  private pending: { message: string; frames: string[] } | undefined;
  private exception: GuestException | undefined;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly emit: (text: string) => void,
    private readonly mapper: StackMapper | undefined,
  ) {}

  write(chunk: string | Uint8Array): void {
    // One decoder in stream mode: a character split between two chunks stays whole.
    this.partial += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    let end = this.partial.indexOf('\n');
    while (end >= 0) {
      const line = this.partial.slice(0, end);
      this.partial = this.partial.slice(end + 1);
      this.line(line);
      end = this.partial.indexOf('\n');
    }
  }

  /** The call ended: whatever is held goes out, a report under way is complete. */
  flush(): void {
    if (this.partial) {
      const rest = this.partial;
      this.partial = '';
      this.line(rest);
    }
    this.finishFrames();
    this.state = 'text';
    this.release();
  }

  /** The exception reported since the last `take`, if any. */
  take(): GuestException | undefined {
    this.flush();
    const taken = this.exception;
    this.exception = undefined;
    return taken;
  }

  /** The exception reported so far in this call, without ending it (a handler answered while it runs). */
  peek(): GuestException | undefined {
    this.finishFrames();
    return this.exception;
  }

  private line(line: string): void {
    if (this.state === 'panic') {
      this.state = 'text';
      const parsed = parsePanicException(line);
      if (parsed) return this.record(parsed);
      // Another panic (a value the engine could not convert): its line is the message to keep.
      return this.pass(line);
    }
    if (this.state === 'aborted') {
      this.state = 'text';
      // The empty line the abort notice is followed by is part of it.
      if (line === '') return;
    }
    if (this.state === 'backtrace') {
      if (/^\s+(\d+:|at )/.test(line)) return;
      this.state = 'text';
    }
    if (this.state === 'frames') {
      if (/^\s+\S/.test(line)) return void this.pending!.frames.push(line);
      this.finishFrames();
      if (line === '') return;
    }
    if (/^thread '.*' (\(\d+\) )?panicked at /.test(line)) {
      // The empty line QuickJS writes before its panic is part of the noise.
      if (this.held === '') this.held = undefined;
      this.state = 'panic';
      return;
    }
    if (/^note: run with `RUST_BACKTRACE=/.test(line)) return;
    if (/^Redirecting call to abort\(\) to mozalloc_abort$/.test(line)) return void (this.state = 'aborted');
    if (/^stack backtrace:$/.test(line)) return void (this.state = 'backtrace');
    if (line === 'Stack:' && this.held !== undefined) {
      const message = this.held.replace(/^Error while running request handler: /, '');
      this.held = undefined;
      this.pending = { message, frames: [] };
      this.state = 'frames';
      return;
    }
    this.pass(line);
  }

  /** A line of the guest's own: the one held before it goes out, this one is held. */
  private pass(line: string): void {
    this.release();
    this.held = line;
  }

  private release(): void {
    if (this.held === undefined) return;
    const line = this.held;
    this.held = undefined;
    this.emit(`${this.mapper ? this.mapper.rewrite(line) : line}\n`);
  }

  private finishFrames(): void {
    if (this.state !== 'frames' || !this.pending) return;
    this.state = 'text';
    const pending = this.pending;
    this.pending = undefined;
    this.record(pending);
  }

  private record({ message, frames }: { message: string; frames: string[] }): void {
    const { stack, location } = cleanStack(frames, this.mapper);
    // The message may name bundle positions too (the result checks' "count is at app.js:5:1").
    this.exception = { message: this.mapper ? this.mapper.rewrite(message) : message, stack, location };
  }
}

/** The calls under way with their stderr redirected, oldest first, and the writer they replaced. */
const active: GuestStderr[] = [];
let realWrite: typeof process.stderr.write | undefined;

/**
 * Runs `fn` with this thread's `process.stderr` going through `guest` (the preview2 shim writes
 * the guest's stderr there synchronously), then restores it; the guest's text is flushed.
 */
export function withGuestStderr<T>(guest: GuestStderr, fn: () => T): T {
  // Calls may overlap (`Promise.all` of two async exports): one writer is installed for all of
  // them, the real one comes back when the last ends, and the output goes to the newest call
  // under way (the shim's writes do not say which call made them).
  if (active.length === 0) {
    realWrite = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      active.at(-1)?.write(chunk);
      return true;
    }) as typeof process.stderr.write;
  }
  active.push(guest);
  const restore = () => {
    active.splice(active.lastIndexOf(guest), 1);
    if (active.length === 0 && realWrite) {
      process.stderr.write = realWrite;
      realWrite = undefined;
    }
    guest.flush();
  };
  let result: T;
  try {
    result = fn();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

/** A finished process's stderr as the user should read it: the guest's own lines (the last `lines`), then its exception, noise dropped. */
export function cleanGuestOutput(text: string, mapper: StackMapper | undefined, lines = 12): string {
  let own = '';
  const guest = new GuestStderr((line) => (own += line), mapper);
  guest.write(text);
  const exception = guest.take();
  const kept = own.trim().split('\n').slice(-lines).join('\n');
  return [kept, exception && formatGuestException(exception)].filter(Boolean).join('\n');
}
