/**
 * Blob and File (W3C File API), for engines without them: bytes held in memory. Strings are
 * encoded with the global `TextEncoder`; `stream()` makes a global `ReadableStream`, which the
 * bundle gets when its code reads `.stream` beside Blob or File (bundle/globals/fetch.ts).
 * Written here: fetch-blob, the npm implementation, loads Node's `node:stream/web` at its top level.
 */

export type BlobPart = ArrayBuffer | ArrayBufferView | Blob | string;

export interface BlobOptions {
  type?: string;
  endings?: 'transparent' | 'native';
}

const bytesOf = new WeakMap<object, Uint8Array>();

function partBytes(part: BlobPart): Uint8Array {
  if (typeof part === 'string') return new TextEncoder().encode(part);
  if (part instanceof ArrayBuffer) return new Uint8Array(part.slice(0));
  if (ArrayBuffer.isView(part))
    return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
  const held = bytesOf.get(part);
  if (held) return held;
  return new TextEncoder().encode(String(part));
}

/** A type as the File API keeps it: lower case, or empty when it has a character outside U+0020-U+007E. */
function normalizedType(type: string | undefined): string {
  const text = type === undefined ? '' : String(type);
  return /^[\x20-\x7e]*$/.test(text) ? text.toLowerCase() : '';
}

function relativeIndex(index: number | undefined, size: number, fallback: number): number {
  if (index === undefined) return fallback;
  const n = Math.trunc(Number(index)) || 0;
  return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
}

export class Blob {
  readonly #type: string;

  constructor(parts: Iterable<BlobPart> = [], options: BlobOptions = {}) {
    if (typeof parts !== 'object' || parts === null || !(Symbol.iterator in parts))
      throw new TypeError("Failed to construct 'Blob': The provided value cannot be converted to a sequence.");
    const chunks = [...parts].map(partBytes);
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    bytesOf.set(this, bytes);
    this.#type = normalizedType(options.type);
  }

  get size(): number {
    return bytesOf.get(this)!.byteLength;
  }

  get type(): string {
    return this.#type;
  }

  slice(start?: number, end?: number, contentType?: string): Blob {
    const bytes = bytesOf.get(this)!;
    const from = relativeIndex(start, bytes.byteLength, 0);
    const to = relativeIndex(end, bytes.byteLength, bytes.byteLength);
    return new Blob([bytes.subarray(from, Math.max(from, to))], { type: contentType ?? '' });
  }

  async bytes(): Promise<Uint8Array> {
    return bytesOf.get(this)!.slice();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return bytesOf.get(this)!.slice().buffer;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(bytesOf.get(this)!);
  }

  stream(): ReadableStream<Uint8Array> {
    const bytes = bytesOf.get(this)!.slice();
    return new ReadableStream<Uint8Array>({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  get [Symbol.toStringTag](): string {
    return 'Blob';
  }
}

export interface FileOptions extends BlobOptions {
  lastModified?: number;
}

export class File extends Blob {
  readonly #name: string;
  readonly #lastModified: number;

  constructor(...args: [parts: Iterable<BlobPart>, name: string, options?: FileOptions]) {
    if (args.length < 2)
      throw new TypeError(`Failed to construct 'File': 2 arguments required, but only ${args.length} present.`);
    const [parts, name, options = {}] = args;
    super(parts, options);
    this.#name = String(name);
    this.#lastModified = options.lastModified === undefined ? Date.now() : Math.trunc(Number(options.lastModified));
  }

  get name(): string {
    return this.#name;
  }

  get lastModified(): number {
    return this.#lastModified;
  }

  get webkitRelativePath(): string {
    return '';
  }

  get [Symbol.toStringTag](): string {
    return 'File';
  }
}
