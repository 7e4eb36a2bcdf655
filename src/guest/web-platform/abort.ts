/**
 * AbortController and AbortSignal (DOM Standard, "Aborting ongoing activities"), for engines
 * without them. Built on the global `EventTarget`, `Event` and `DOMException` (the engine's, or
 * the polyfills installed before this module: see `uses` in bundle/globals/web-platform.ts).
 * Written here: the npm `abort-controller` package predates `reason`, `throwIfAborted`,
 * `AbortSignal.timeout` and `AbortSignal.any`.
 */

interface SignalState {
  aborted: boolean;
  reason: unknown;
  onabort: ((this: AbortSignal, event: Event) => unknown) | null;
  /** The listener standing for `onabort` (an event handler is a listener added when first set). */
  handler: ((event: Event) => void) | undefined;
}

const states = new WeakMap<object, SignalState>();
/** Only this module makes signals: `new AbortSignal()` is a TypeError, as on the web. */
let constructing = false;

function state(signal: object): SignalState {
  const found = states.get(signal);
  if (!found) throw new TypeError('Illegal invocation: not an AbortSignal');
  return found;
}

function newSignal(): AbortSignal {
  constructing = true;
  try {
    return new AbortSignal();
  } finally {
    constructing = false;
  }
}

function abortSignal(signal: AbortSignal, reason: unknown): void {
  const s = state(signal);
  if (s.aborted) return;
  s.aborted = true;
  s.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
  signal.dispatchEvent(new Event('abort'));
}

export class AbortSignal extends EventTarget {
  constructor() {
    if (!constructing) throw new TypeError('Illegal constructor');
    super();
    states.set(this, { aborted: false, reason: undefined, onabort: null, handler: undefined });
  }

  get aborted(): boolean {
    return state(this).aborted;
  }

  get reason(): unknown {
    return state(this).reason;
  }

  get onabort(): SignalState['onabort'] {
    return state(this).onabort;
  }

  set onabort(value: SignalState['onabort']) {
    const s = state(this);
    s.onabort = typeof value === 'function' ? value : null;
    if (s.onabort && !s.handler) {
      s.handler = (event) => s.onabort?.call(this, event);
      this.addEventListener('abort', s.handler);
    }
  }

  throwIfAborted(): void {
    const s = state(this);
    if (s.aborted) throw s.reason;
  }

  /** A signal aborted already, with `reason` (default: an AbortError DOMException). */
  static abort(reason?: unknown): AbortSignal {
    const signal = newSignal();
    abortSignal(signal, reason);
    return signal;
  }

  /** A signal that aborts with a TimeoutError DOMException after `ms` milliseconds. */
  static timeout(ms: number): AbortSignal {
    const signal = newSignal();
    setTimeout(() => abortSignal(signal, new DOMException('The operation timed out.', 'TimeoutError')), ms);
    return signal;
  }

  /** A signal that aborts when the first of `signals` does, with its reason. */
  static any(signals: Iterable<AbortSignal>): AbortSignal {
    const signal = newSignal();
    const sources = [...signals];
    const aborted = sources.find((source) => source.aborted);
    if (aborted) {
      abortSignal(signal, aborted.reason);
      return signal;
    }
    for (const source of sources) {
      source.addEventListener('abort', () => abortSignal(signal, source.reason), { once: true });
    }
    return signal;
  }

  get [Symbol.toStringTag](): string {
    return 'AbortSignal';
  }
}

export class AbortController {
  readonly #signal = newSignal();

  get signal(): AbortSignal {
    return this.#signal;
  }

  abort(reason?: unknown): void {
    abortSignal(this.#signal, reason);
  }

  get [Symbol.toStringTag](): string {
    return 'AbortController';
  }
}
