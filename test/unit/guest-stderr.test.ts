// The guest's stderr as the engines write it when a JavaScript exception escapes: the exception is
// taken out (message, stack mapped to the user's files), the engines' noise is dropped, and the
// guest's own lines pass on. The texts are the engines' real output (componentize-qjs's panic,
// StarlingMonkey's report), cut into chunks the way the shim hands them over.
import { describe, expect, test } from 'vitest';
import { parsePanicException } from '../../src/host/guest-exception.js';
import { GuestStderr, withGuestStderr } from '../../src/host/guest-stderr.js';
import type { StackMapper } from '../../src/js/stack-map.js';

/** A mapper for bundle `app.js` whose line N maps to app.ts line N + 10 (lines past 30 are glue: unmapped). */
const MAPPER: StackMapper = {
  bundleName: 'app.js',
  rewrite: (text) => text,
  locate: (line, column) => (line <= 30 ? { file: 'src/app.ts', line: line + 10, column } : undefined),
};

function feed(chunks: string[], mapper: StackMapper | null = MAPPER) {
  let out = '';
  const guest = new GuestStderr((text) => (out += text), mapper ?? undefined);
  for (const chunk of chunks) guest.write(new TextEncoder().encode(chunk));
  const exception = guest.take();
  return { out, exception };
}

const PANIC = [
  'before\n',
  '\nthread \'<unnamed>\' (1) panicked at crates/runtime/src/interpreter.rs:51:31:\nFailed to call \'handle\': Exception(Exception { message: Some("boom \\"quoted\\""), stack: Some("    at <anonymous> (/app.js:5:17)\\n    at next (native)\\n    at z (/app.js:2:14)\\n    at __componentize_boundary_handle (/app.js:40:1)\\n") })\n',
  'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n',
];

const REPORT = [
  'log line\n',
  'Error while running request handler: ',
  'boom at line 15\n',
  'Stack:\n',
  '  fetch@app.js:5:13\n  @app.js:35:63\n  export_handle@/tmp/x/sources/initializer.js:31:15\n\n',
  'Redirecting call to abort() to mozalloc_abort\n',
  '\n',
  'after\n',
];

describe('GuestStderr', () => {
  test('a panic report: the message unescaped, the frames mapped, glue and native frames left out, noise gone', () => {
    const { out, exception } = feed(PANIC);
    expect(exception).toEqual({
      message: 'boom "quoted"',
      stack: '    at <anonymous> (src/app.ts:15:17)\n    at z (src/app.ts:12:14)',
      location: { file: 'src/app.ts', line: 15, column: 17 },
    });
    expect(out).toBe('before\n');
  });

  test('a Stack: report: the line before is the message, the frames in one style, the abort line gone', () => {
    const { out, exception } = feed(REPORT);
    expect(exception).toEqual({
      message: 'boom at line 15',
      stack: '    at fetch (src/app.ts:15:13)',
      location: { file: 'src/app.ts', line: 15, column: 13 },
    });
    expect(out).toBe('log line\nafter\n');
  });

  test('without a map every frame but ours stays, in the bundle', () => {
    const { exception } = feed(REPORT, null);
    expect(exception?.stack).toBe('    at fetch (app.js:5:13)\n    at app.js:35:63');
  });

  test('another panic keeps its message line; output without a report passes on whole', () => {
    const other = feed(["thread '<unnamed>' panicked at src/lib.rs:1:1:\n", 'expected number, got big_int\n']);
    expect([other.out, other.exception]).toEqual(['expected number, got big_int\n', undefined]);
    const plain = feed(['a\nb', 'c\n', 'd']);
    expect([plain.out, plain.exception]).toEqual(['a\nbc\nd\n', undefined]);
  });

  test('parsePanicException reads only the exception form', () => {
    expect(parsePanicException("Failed to call 'f': Exception(Exception { message: None, stack: None })")).toEqual({
      message: 'an exception without a message',
      frames: [],
    });
    expect(parsePanicException("Failed to call 'f': conversion error")).toBeUndefined();
  });
});

describe('withGuestStderr', () => {
  test('overlapping calls: the real writer comes back once the last ends, though the first ends first', async () => {
    const real = process.stderr.write;
    let releaseB: (() => void) | undefined;
    const a = withGuestStderr(new GuestStderr(() => {}, undefined), async () => {});
    const b = withGuestStderr(new GuestStderr(() => {}, undefined), () => new Promise<void>((r) => (releaseB = r)));
    await a;
    expect(process.stderr.write).not.toBe(real);
    releaseB!();
    await b;
    expect(process.stderr.write).toBe(real);
  });

  test('a character split between two chunks stays whole', () => {
    let out = '';
    const guest = new GuestStderr((text) => (out += text), undefined);
    const bytes = new TextEncoder().encode('héllo ✓\n');
    guest.write(bytes.subarray(0, 2));
    guest.write(bytes.subarray(2, 9));
    guest.write(bytes.subarray(9));
    guest.flush();
    expect(out).toBe('héllo ✓\n');
  });
});
