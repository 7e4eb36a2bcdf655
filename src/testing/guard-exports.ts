import { ComponentizeError, trap } from '../errors.js';
import type { StackMapper } from '../js/stack-map.js';

/**
 * The component's exports, each function wrapped so that a failure reads like one in plain JS:
 * the engine prints the guest's exception and stack on stderr (QuickJS) before the call traps;
 * that text is captured during the call, rewritten to the user's files with the build's source
 * map, and put into the error the test sees, beside the trap. Resource classes pass through.
 */
export function guardExports<T>(exports: Record<string, unknown>, label: string, mapper: StackMapper | undefined): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === 'function' && !/^[A-Z]/.test(name))
      guarded[name] = guardFunction(value as (...args: unknown[]) => unknown, name, label, mapper);
    else if (value && typeof value === 'object')
      guarded[name] = guardExports(value as Record<string, unknown>, label, mapper);
    else guarded[name] = value;
  }
  return guarded as T;
}

function guardFunction(
  fn: (...args: unknown[]) => unknown,
  name: string,
  label: string,
  mapper: StackMapper | undefined,
) {
  return (...args: unknown[]): unknown => {
    const capture = captureStderr(mapper);
    const fail = (error: unknown): never => {
      // Our own errors (an unmocked import) already say what happened.
      if (error instanceof ComponentizeError) throw error;
      const output = capture.text().trim();
      const message = error instanceof Error ? error.message : String(error);
      throw trap(`${name}(...) failed in ${label}: ${message}${output ? `\n${output}` : ''}`, {
        hint: 'A JavaScript exception inside a component becomes a trap; the guest output above is mapped to your sources (built with a source map).',
        cause: error,
      });
    };
    let result: unknown;
    try {
      result = fn(...args);
    } catch (error) {
      capture.stop();
      return fail(error);
    }
    if (!(result instanceof Promise)) {
      capture.stop();
      return result;
    }
    return result.then(
      (value) => (capture.stop(), value),
      (error: unknown) => (capture.stop(), fail(error)),
    );
  };
}

/**
 * Tees `process.stderr` while a call runs: the preview2 shim writes the guest's stderr there
 * synchronously. The text still reaches the terminal, with positions mapped to the sources.
 */
function captureStderr(mapper: StackMapper | undefined): { text(): string; stop(): void } {
  const original = process.stderr.write;
  let captured = '';
  const rewrite = (text: string) => (mapper ? mapper.rewrite(text) : text);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = rewrite(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
    captured += text;
    return (original as (chunk: string, ...r: unknown[]) => boolean).call(process.stderr, text, ...rest);
  }) as typeof process.stderr.write;
  return {
    text: () => captured,
    stop: () => {
      process.stderr.write = original;
    },
  };
}
