import { describe, expect, test } from 'vitest';
import { globalReads } from '../../src/js/free-globals.js';
import { parseBundle } from '../../src/js/parse-bundle.js';

const names = (code: string) => [...new Set(globalReads(parseBundle(code)).map((r) => r.name))].sort();

describe('globalReads', () => {
  test('finds globals read bare, through globalThis/self, and in typeof', () => {
    expect(
      names('export const f = () => [Buffer.from("x"), globalThis.crypto, self["fetch"], typeof setTimeout];'),
    ).toEqual(['Buffer', 'crypto', 'fetch', 'globalThis', 'self', 'setTimeout']);
  });

  test('a local binding of the same name is not the global', () => {
    const code = `
      function a(process) { return process.env; }
      function b() { var Buffer = 1; { let URL = 2; return Buffer + URL; } }
      const c = ({ console }) => console.log;
      try {} catch (crypto) { crypto.x; }
      for (const setTimeout of []) setTimeout();
      import { TextEncoder } from 'x';
      new TextEncoder();
    `;
    expect(names(code)).toEqual([]);
  });

  test('a name declared in one function is still global in another', () => {
    expect(names('function a() { const process = 1; return process; } function b() { return process.env.X; }')).toEqual(
      ['process'],
    );
  });

  test('property names, labels and object keys are not reads', () => {
    expect(names('const o = { process: 1, Buffer() {} }; o.console; x: for (;;) break x;')).toEqual([]);
  });

  test('typeof reads are marked as feature detection', () => {
    const [read] = globalReads(parseBundle('typeof Intl;'));
    expect(read).toMatchObject({ name: 'Intl', typeofGuard: true });
  });

  test('globalThis shadowed by a local is not the global object', () => {
    expect(names('function f(self) { return self.fetch; }')).toEqual([]);
  });
});
