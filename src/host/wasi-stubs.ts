/**
 * What stands in for the WASI shims where a component is instantiated and nothing of it is
 * called (a build's verification without a `--verify` call, verify/verify.ts). Loading
 * preview2-shim costs ~38 MB and a thread of its own (its I/O worker boots when it is imported);
 * instantiating needs only that every interface and member jco's JavaScript reads exists. A
 * stand-in package has every interface, and an interface every member: a function that throws
 * when called or constructed. A component that does call WASI while it instantiates fails with
 * `WASI_STUB_MARK` in the message, and is then verified with the shims.
 */

/** Part of every stand-in's error message, to tell a call of a stand-in from any other failure. */
export const WASI_STUB_MARK = 'is not served while verifying without a call';

/**
 * A WASI package's stand-in, in the form jco's instantiation mode reads a shim package: an
 * object of interfaces (`environment`, `monotonicClock`, ...), each an object of members.
 */
export function wasiStandIn(pkg: string): Record<string, unknown> {
  return lazyObject((iface) => lazyObject((member) => throwing(`${pkg}/${iface}.${member}`)));
}

/**
 * An object with any string-named property, each made by `make` on its first read; but `then`:
 * the object is not a promise, and is handed on through promises.
 */
function lazyObject(make: (name: string) => unknown): Record<string, unknown> {
  const made: Record<string, unknown> = {};
  return new Proxy(made, {
    get(target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (target[name] ??= make(name));
    },
  });
}

/** A function that throws when called, usable as a class too (`instanceof`, `extends`). */
function throwing(name: string): () => never {
  return function standIn() {
    throw new Error(`WASI ${name} ${WASI_STUB_MARK}`);
  };
}
