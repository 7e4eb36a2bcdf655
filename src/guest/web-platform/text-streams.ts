/**
 * TextEncoderStream and TextDecoderStream (Encoding Standard): the global TextEncoder and
 * TextDecoder in a global TransformStream. Neither engine has them; no maintained npm package
 * provides them alone.
 */

export class TextEncoderStream {
  readonly #transform: TransformStream<string, Uint8Array>;

  constructor() {
    const encoder = new TextEncoder();
    // A lone high surrogate at a chunk's end waits for the next chunk (it may be the pair's first half).
    let pending = '';
    this.#transform = new TransformStream<string, Uint8Array>({
      transform(chunk, controller) {
        let text = pending + String(chunk);
        pending = '';
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pending = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pending) controller.enqueue(encoder.encode(pending));
      },
    });
  }

  get encoding(): string {
    return 'utf-8';
  }

  get readable(): ReadableStream<Uint8Array> {
    return this.#transform.readable;
  }

  get writable(): WritableStream<string> {
    return this.#transform.writable;
  }

  get [Symbol.toStringTag](): string {
    return 'TextEncoderStream';
  }
}

export interface TextDecoderStreamOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

export class TextDecoderStream {
  readonly #decoder: TextDecoder;
  readonly #transform: TransformStream<BufferSource, string>;

  constructor(label = 'utf-8', options: TextDecoderStreamOptions = {}) {
    const decoder = new TextDecoder(label, options);
    this.#decoder = decoder;
    this.#transform = new TransformStream<BufferSource, string>({
      transform(chunk, controller) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
  }

  get encoding(): string {
    return this.#decoder.encoding;
  }

  get fatal(): boolean {
    return this.#decoder.fatal;
  }

  get ignoreBOM(): boolean {
    return this.#decoder.ignoreBOM;
  }

  get readable(): ReadableStream<string> {
    return this.#transform.readable;
  }

  get writable(): WritableStream<BufferSource> {
    return this.#transform.writable;
  }

  get [Symbol.toStringTag](): string {
    return 'TextDecoderStream';
  }
}
