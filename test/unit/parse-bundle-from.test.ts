import { describe, expect, test } from 'vitest';
import { moduleImports } from '../../src/js/module-imports.js';
import { type AnyNode, parseBundle, parseBundleFrom } from '../../src/js/parse-bundle.js';

const POLYFILLS = [
  'var __defProp = Object.defineProperty;',
  '// a polyfill, with a string that looks like code: "import x from \'y\'"',
  'globalThis.TextEncoder ??= class TextEncoder { encode(s) { return new Uint8Array([...s].map((c) => c.charCodeAt(0))); } };',
].join('\n');
const IMPORTS = 'import { log } from "local:app/host";\nimport * as types from "wasi:http/types@0.2.10";\n';
const USER = [
  'var started = Date.now();',
  'function greet(name) {',
  '  return `Hello, ${name}!`;',
  '}',
  'export { greet, started };',
].join('\n');
const BUNDLE = `${IMPORTS}${POLYFILLS}\n${USER}\n`;
const USER_START = BUNDLE.indexOf('var started');

const types = (program: AnyNode) => program.body.map((s: AnyNode) => s.type);

describe("parseBundleFrom: the user's part of a polyfilled bundle, at the bundle's own positions", () => {
  test('the imports and the code from the cut are read; the polyfills before it are not', () => {
    const program = parseBundleFrom(BUNDLE, USER_START);
    expect(types(program)).toEqual([
      'ImportDeclaration',
      'ImportDeclaration',
      'VariableDeclaration',
      'FunctionDeclaration',
      'ExportNamedDeclaration',
    ]);
    expect(types(parseBundle(BUNDLE))).toHaveLength(7);
  });

  test("every node read has the position the whole bundle's parse gives it", () => {
    const part = parseBundleFrom(BUNDLE, USER_START);
    const whole = parseBundle(BUNDLE);
    const wholeByStart = new Map(whole.body.map((s: AnyNode) => [s.start, s]));
    for (const statement of part.body) {
      const same = wholeByStart.get(statement.start) as AnyNode | undefined;
      expect(same, statement.type).toBeDefined();
      expect([statement.end, statement.loc.start, statement.loc.end]).toEqual([
        same!.end,
        same!.loc.start,
        same!.loc.end,
      ]);
      expect(BUNDLE.slice(statement.start, statement.end)).toBe(BUNDLE.slice(same!.start, same!.end));
    }
  });

  test('a cut inside a statement reads the whole bundle', () => {
    const inside = BUNDLE.indexOf('return `Hello');
    expect(types(parseBundleFrom(BUNDLE, inside))).toEqual(types(parseBundle(BUNDLE)));
  });

  test('no cut (0) is the whole bundle', () => {
    expect(types(parseBundleFrom(BUNDLE, 0))).toHaveLength(7);
  });
});

describe('moduleImports: the static imports, not import() or import.meta', () => {
  test('specifiers and where their text lies', () => {
    const code = `${IMPORTS}export { x } from "wasi:cli/stdout@0.2.10";\nconst later = import("dynamic");\nconsole.log(import.meta.url);\n`;
    const found = moduleImports(code);
    expect(found.map((i) => i.specifier)).toEqual([
      'local:app/host',
      'wasi:http/types@0.2.10',
      'wasi:cli/stdout@0.2.10',
    ]);
    for (const i of found) expect(code.slice(i.start, i.end)).toBe(i.specifier);
  });
});
