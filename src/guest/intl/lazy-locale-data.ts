/**
 * FormatJS's locale data, registered when Intl is first used instead of while the snapshot is
 * taken. Registered at load, each locale's CLDR tables become objects the snapshot keeps (~3 MB
 * of a QuickJS component per locale, measured); held as JSON text until then, they cost about
 * their length. The first read of one of the Intl services (`Intl.NumberFormat`, ...) or a call
 * of a built-in's `toLocale*String` registers every locale's data, for every service, at once:
 * the services call each other.
 */

interface Service {
  __addLocaleData(data: unknown): void;
}

const pending: [service: string, json: string][] = [];
let services: Record<string, Service> = {};

/** Queues `json` (a FormatJS locale-data object as JSON text) for `Intl[service]`. */
export function addLocaleDataLater(service: string, json: string): void {
  pending.push([service, json]);
}

function flush(): void {
  if (pending.length === 0) return;
  const queued = pending.splice(0);
  const intl = (globalThis as unknown as { Intl: Record<string, unknown> }).Intl;
  for (const [name, service] of Object.entries(services))
    Object.defineProperty(intl, name, { value: service, writable: true, configurable: true, enumerable: false });
  for (const [name, json] of queued) services[name]!.__addLocaleData(JSON.parse(json));
}

/** Makes the queued data register on first use: run once every service and data module is in. */
export function installLazyLocaleData(): void {
  const intl = (globalThis as unknown as { Intl: Record<string, unknown> }).Intl;
  services = Object.fromEntries([...new Set(pending.map(([name]) => name))].map((n) => [n, intl[n] as Service]));
  for (const [name, service] of Object.entries(services)) {
    Object.defineProperty(intl, name, {
      configurable: true,
      enumerable: false,
      get() {
        flush();
        return service;
      },
      set(value) {
        Object.defineProperty(intl, name, { value, writable: true, configurable: true, enumerable: false });
      },
    });
  }
  // The polyfills' own toLocale*String reach their classes without going through `Intl`.
  const methods: [object, string][] = [
    [Number.prototype, 'toLocaleString'],
    [BigInt.prototype, 'toLocaleString'],
    [Date.prototype, 'toLocaleString'],
    [Date.prototype, 'toLocaleDateString'],
    [Date.prototype, 'toLocaleTimeString'],
  ];
  for (const [proto, method] of methods) {
    const original = (proto as Record<string, (...args: unknown[]) => unknown>)[method]!;
    Object.defineProperty(proto, method, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: {
        [method](this: unknown, ...args: unknown[]) {
          flush();
          return original.apply(this, args);
        },
      }[method],
    });
  }
}
