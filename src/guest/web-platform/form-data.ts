/**
 * FormData (XMLHttpRequest Standard) without a form element, for engines without it: an ordered
 * list of name/value entries, a value being a string or a File (a Blob is wrapped in the global
 * `File`, named "blob" unless a file name is given). Written here: formdata-polyfill, the npm
 * implementation, needs fetch-blob (see blob.ts).
 */

type Entry = [string, string | File];

function entry(name: string, value: string | Blob, fileName: string | undefined): Entry {
  if (!(value instanceof Blob)) return [String(name), String(value)];
  const file =
    value instanceof File && fileName === undefined
      ? value
      : new File([value], fileName ?? (value instanceof File ? value.name : 'blob'), {
          type: value.type,
          ...(value instanceof File ? { lastModified: value.lastModified } : {}),
        });
  return [String(name), file];
}

export class FormData {
  readonly #entries: Entry[] = [];

  constructor(form?: unknown) {
    if (form !== undefined) throw new TypeError("Failed to construct 'FormData': a component has no form elements.");
  }

  append(name: string, value: string | Blob, fileName?: string): void {
    this.#entries.push(entry(name, value, fileName));
  }

  set(name: string, value: string | Blob, fileName?: string): void {
    const replacement = entry(name, value, fileName);
    const first = this.#entries.findIndex(([n]) => n === replacement[0]);
    if (first < 0) {
      this.#entries.push(replacement);
      return;
    }
    this.#entries[first] = replacement;
    for (let i = this.#entries.length - 1; i > first; i--)
      if (this.#entries[i]![0] === replacement[0]) this.#entries.splice(i, 1);
  }

  get(name: string): string | File | null {
    return this.#entries.find(([n]) => n === String(name))?.[1] ?? null;
  }

  getAll(name: string): (string | File)[] {
    return this.#entries.filter(([n]) => n === String(name)).map(([, v]) => v);
  }

  has(name: string): boolean {
    return this.#entries.some(([n]) => n === String(name));
  }

  delete(name: string): void {
    for (let i = this.#entries.length - 1; i >= 0; i--)
      if (this.#entries[i]![0] === String(name)) this.#entries.splice(i, 1);
  }

  forEach(callback: (value: string | File, name: string, parent: FormData) => void, thisArg?: unknown): void {
    for (const [name, value] of this) callback.call(thisArg, value, name, this);
  }

  *entries(): IterableIterator<[string, string | File]> {
    // Live, as on the web: entries appended while iterating are visited.
    for (let i = 0; i < this.#entries.length; i++) yield [...this.#entries[i]!];
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string | File> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string | File]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'FormData';
  }
}
