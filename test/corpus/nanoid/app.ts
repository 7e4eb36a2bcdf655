import { customAlphabet, nanoid, urlAlphabet } from 'nanoid';

// IDs are random, so the output is their shape: length and alphabet (the same on every engine).
export function run(input: string): string {
  const size = Number(input);
  const hex = customAlphabet('0123456789abcdef', size);
  const ids = Array.from({ length: 20 }, () => nanoid(size));
  const ok = ids.every((id) => id.length === size && [...id].every((ch) => urlAlphabet.includes(ch)));
  const hexOk = /^[0-9a-f]+$/.test(hex()) && hex().length === size;
  return `${size}:${ok}:${hexOk}:${new Set(ids).size === ids.length}`;
}
