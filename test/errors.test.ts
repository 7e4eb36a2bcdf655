import { describe, expect, test } from 'vitest';
import { cleanEngineMessage, isToolCrash } from '../dist/engines/engine-messages.js';
import {
  ComponentizeError,
  ERROR_FACTORIES,
  exportMismatch,
  internalError,
  withStage,
  withWarnings,
} from '../dist/errors.js';
import { stageRunner } from '../dist/stage-runner.js';

describe('error factories', () => {
  test('each makes a ComponentizeError of its own code', () => {
    for (const [code, create] of Object.entries(ERROR_FACTORIES)) {
      const error = create('message', { hint: 'hint' });
      expect(error).toBeInstanceOf(ComponentizeError);
      expect(error.toJSON()).toMatchObject({ code, message: 'message', hint: 'hint' });
    }
  });

  test("an engine crash is internal, an engine rejecting the code is the user's", () => {
    expect(ERROR_FACTORIES.ENGINE_CRASHED('x').kind).toBe('internal');
    expect(ERROR_FACTORIES.ENGINE_FAILED('x').kind).toBe('user');
  });
});

describe('the stage', () => {
  test('the runner stamps the stage an error left, on it and its related errors', async () => {
    const { stage } = stageRunner({});
    const error = await stage('check', async () => {
      throw exportMismatch('first', { related: [exportMismatch('second')] });
    }).catch((e: unknown) => e as ComponentizeError);
    expect(error.toJSON()).toMatchObject({ stage: 'check', related: [{ stage: 'check' }] });
  });

  test('a stage named at the throw site is kept', () => {
    expect(withStage(internalError('x', { stage: 'options' }), 'engine').stage).toBe('options');
  });
});

describe('warnings of a failed build', () => {
  const warning = { code: 'UNUSED_EXPORT' as const, message: 'unused' };

  test('are in the JSON only when there are some', () => {
    expect(internalError('x').toJSON()).not.toHaveProperty('warnings');
    expect(withWarnings(internalError('x'), [warning]).toJSON().warnings).toEqual([warning]);
  });

  test('attach to anything thrown, converted to our error type once', () => {
    const error = withWarnings(new Error('boom'), [warning]);
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'boom', warnings: [warning] });
    expect(withWarnings(error, [warning]).warnings).toEqual([warning]);
  });
});

describe('engine failures', () => {
  test('a Wizer killed by a signal, failing to start, or panicking is a crash', () => {
    expect(
      isToolCrash('Failed to initialize component (wizer (/bin/wizer)):\n\nProcess was killed by signal: SIGSEGV'),
    ).toBe(true);
    expect(
      isToolCrash('Failed to initialize component (weval (/bin/weval)):\n\nProcess error: spawnSync /bin/weval EACCES'),
    ).toBe(true);
    expect(isToolCrash("thread 'main' panicked at crates/wizer/src/lib.rs:12:5:\nindex out of bounds")).toBe(true);
  });

  test('a JavaScript error while the snapshot is taken is not', () => {
    expect(isToolCrash('Failed to evaluate user JavaScript module: Error: unexpected token')).toBe(false);
    expect(
      isToolCrash(
        'Failed to initialize component (wizer (/bin/wizer)):\nError: boom\n    at init (app.js:2:9)\nExited with i32 exit status 1',
      ),
    ).toBe(false);
  });

  test("StarlingMonkey's repeat of a top-level exception as an unhandled rejection is dropped", () => {
    const raw =
      'Exception while evaluating top-level script\napp.js:2:19 SyntaxError: bad JSON\nAdditionally, some promises were rejected, but the rejection never handled:\nPromise rejected but never handled: bad JSON\nStack:\n  @app.js:2:19';
    expect(cleanEngineMessage(raw)).toBe(
      'Exception while evaluating top-level script\napp.js:2:19 SyntaxError: bad JSON\nStack:\n  @app.js:2:19',
    );
    const other = raw.replace('never handled: bad JSON', 'never handled: another failure');
    expect(cleanEngineMessage(other)).toBe(other);
  });

  test("Wasmtime's backtrace goes, its trap stays (issue 32: JS nested 400 deep)", () => {
    const frames = Array.from({ length: 19 }, (_, i) => `   ${i + 1}:  0x9fd31 - <unknown>!<wasm function 1891>`);
    const raw = [
      'error while executing at wasm backtrace:',
      '    0: <unknown>!<wasm function 1878>',
      ...frames.slice(0, -1),
      `${frames.at(-1)}: wasm trap: call stack exhausted`,
    ].join('\n');
    expect(cleanEngineMessage(raw)).toBe('wasm trap: call stack exhausted');
  });
});
