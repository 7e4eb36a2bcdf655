import { Base64 } from 'js-base64';

// Base64 and URL-safe Base64 of UTF-8 text, bytes, and validation.
export function run(input: string): string {
  const b64 = Base64.encode(input);
  return [
    b64,
    Base64.encodeURI(input),
    Base64.decode(b64) === input,
    Base64.fromUint8Array(new Uint8Array([0, 255, 128, 1])),
    Array.from(Base64.toUint8Array('AP+AAQ==')).join(','),
    Base64.isValid(b64),
    Base64.isValid('@@'),
  ].join('|');
}
