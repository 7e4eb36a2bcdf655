/** CustomEvent (DOM Standard): an Event with a `detail`, on the global `Event`. */
export interface CustomEventOptions<T> extends EventInit {
  detail?: T;
}

export class CustomEvent<T = unknown> extends Event {
  readonly #detail: T | null;

  constructor(type: string, init?: CustomEventOptions<T>) {
    super(type, init);
    this.#detail = init?.detail ?? null;
  }

  get detail(): T | null {
    return this.#detail;
  }

  get [Symbol.toStringTag](): string {
    return 'CustomEvent';
  }
}
