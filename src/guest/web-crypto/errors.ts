/**
 * Web Crypto reports failures as DOMExceptions whose `name` says the kind (WebIDL error names).
 * QuickJS-NG has no DOMException, so a minimal one stands in; where the engine has the real one
 * (StarlingMonkey, Node in tests) we use it, so `instanceof DOMException` holds for callers.
 */
export type CryptoErrorName =
  | 'NotSupportedError'
  | 'InvalidAccessError'
  | 'DataError'
  | 'OperationError'
  | 'SyntaxError'
  | 'InvalidStateError';

class MinimalDOMException extends Error {
  constructor(message: string, name: string) {
    super(message);
    // An own property, as the real DOMException's name reads through its prototype but is not settable.
    Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true });
  }
}

type DOMExceptionCtor = new (message: string, name: string) => Error;

function exceptionClass(): DOMExceptionCtor {
  const native = (globalThis as { DOMException?: DOMExceptionCtor }).DOMException;
  return typeof native === 'function' ? native : MinimalDOMException;
}

/** An error as Web Crypto names it. */
export function cryptoError(name: CryptoErrorName, message: string): Error {
  const Ctor = exceptionClass();
  return new Ctor(message, name);
}

/** Throws `cryptoError(name, message)`; typed `never` so callers narrow after it. */
export function fail(name: CryptoErrorName, message: string): never {
  throw cryptoError(name, message);
}

/** Failures inside the primitives (noble's plain Errors) become the spec's OperationError. */
const NAMES: readonly string[] = [
  'NotSupportedError',
  'InvalidAccessError',
  'DataError',
  'OperationError',
  'SyntaxError',
  'InvalidStateError',
];

export function asOperationError(e: unknown): Error {
  if (e instanceof TypeError) return e;
  if (e instanceof Error && NAMES.includes(e.name)) return e;
  return cryptoError('OperationError', e instanceof Error ? e.message : String(e));
}
