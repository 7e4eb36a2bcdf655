import { ComponentizeError, trap } from '../errors.js';
import { GuestStderr, withGuestStderr } from '../host/guest-stderr.js';
import type { StackMapper } from '../js/stack-map.js';

/**
 * The component's exports, each function wrapped so that a failure reads like one in plain JS:
 * the engine reports the guest's exception on stderr before the call traps; that report is
 * taken off the guest's stderr during the call (host/guest-stderr.ts), its stack mapped to the
 * user's files with the build's source map, and put into the TRAP error the test sees (message,
 * `location`, `exception`). The guest's other output still reaches stderr. Resource classes pass through.
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
    const write = process.stderr.write.bind(process.stderr);
    const guest = new GuestStderr((text) => write(text), mapper);
    const fail = (error: unknown): never => {
      // Our own errors (an unmocked import) already say what happened.
      if (error instanceof ComponentizeError) throw error;
      // The engine's report of the exception (taken off the guest's stderr, its stack mapped).
      const exception = guest.take();
      const message = exception
        ? `${exception.message}${exception.stack ? `\n${exception.stack}` : ''}`
        : error instanceof Error
          ? error.message
          : String(error);
      throw trap(`${name}(...) failed in ${label}: ${message}`, {
        hint: exception
          ? 'A JavaScript exception that escapes an export traps the component; its stack above is mapped to your sources.'
          : 'A JavaScript exception inside a component becomes a trap; build with a source map to see its stack.',
        location: exception?.location,
        exception,
        cause: error,
      });
    };
    let result: unknown;
    try {
      result = withGuestStderr(guest, () => fn(...args));
    } catch (error) {
      return fail(error);
    }
    if (!(result instanceof Promise)) return result;
    return result.then(undefined, fail);
  };
}
