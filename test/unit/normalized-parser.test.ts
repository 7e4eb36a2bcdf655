import { describe, expect, test } from 'vitest';
import { parsePackage } from '../../src/wit/normalized-parser.js';
import type { WitType } from '../../src/wit/world.js';

// The inputs are written the way wasm-tools prints a resolved package (two-space indent, trailing
// commas, one package per file): the only text this reader is meant for.

const prim = (name: string) => ({ kind: 'primitive', name }) as WitType;
const named = (name: string): WitType => ({ kind: 'named', name });

/** The type of the single parameter of `f: func(x: <type>);`, read through a whole package. */
function typeOf(witType: string): WitType {
  const pkg = parsePackage(`package local:t;\n\ninterface i {\n  f: func(x: ${witType});\n}\n`);
  return pkg.interfaces.get('i')!.functions[0]!.params[0]!.type;
}

describe('parsePackage: packages, interfaces, worlds', () => {
  test('the package name keeps its namespace and version', () => {
    expect(parsePackage('package local:interfaces@0.1.0;\n').name).toBe('local:interfaces@0.1.0');
    expect(parsePackage('package wasi:cli@0.2.12-rc.1+build.5;\n').name).toBe('wasi:cli@0.2.12-rc.1+build.5');
  });

  test('interface functions with parameters, results and async', () => {
    const pkg = parsePackage(
      'package local:t;\n\ninterface text-tools {\n  word-count: func(text: string, limit: u32) -> u32;\n\n  ping: func();\n\n  later: async func(ms: u64) -> string;\n}\n',
    );
    expect(pkg.interfaces.get('text-tools')).toEqual({
      name: 'text-tools',
      functions: [
        {
          name: 'word-count',
          params: [
            { name: 'text', type: prim('string') },
            { name: 'limit', type: prim('u32') },
          ],
          result: prim('u32'),
          async: false,
        },
        { name: 'ping', params: [], result: undefined, async: false },
        { name: 'later', params: [{ name: 'ms', type: prim('u64') }], result: prim('string'), async: true },
      ],
      types: [],
      uses: [],
    });
  });

  test('record, variant, enum, flags and alias definitions', () => {
    const pkg = parsePackage(
      [
        'package local:records;',
        '',
        'interface types {',
        '  record point {',
        '    x: s32,',
        '    y: s32,',
        '  }',
        '',
        '  variant shape {',
        '    circle(u32),',
        '    rect(point),',
        '    empty,',
        '  }',
        '',
        '  enum color {',
        '    red,',
        '    green,',
        '  }',
        '',
        '  flags perms {',
        '    read,',
        '    write,',
        '  }',
        '',
        '  type id = u64;',
        '}',
        '',
      ].join('\n'),
    );
    expect(pkg.interfaces.get('types')!.types).toEqual([
      {
        kind: 'record',
        name: 'point',
        fields: [
          { name: 'x', type: prim('s32') },
          { name: 'y', type: prim('s32') },
        ],
      },
      {
        kind: 'variant',
        name: 'shape',
        cases: [
          { name: 'circle', type: prim('u32') },
          { name: 'rect', type: named('point') },
          { name: 'empty', type: undefined },
        ],
      },
      { kind: 'enum', name: 'color', cases: ['red', 'green'] },
      { kind: 'flags', name: 'perms', flags: ['read', 'write'] },
      { kind: 'alias', name: 'id', type: prim('u64') },
    ]);
  });

  test('a resource with a constructor, methods and statics; a bodyless resource', () => {
    const pkg = parsePackage(
      'package local:counter;\n\ninterface counters {\n  resource counter {\n    constructor(start: u32);\n    increment: func(by: u32) -> u32;\n    zero: static func() -> counter;\n  }\n\n  resource token;\n\n  resource file {\n    constructor(path: string) -> result<file, string>;\n  }\n}\n',
    );
    const [counter, token, file] = pkg.interfaces.get('counters')!.types;
    expect(counter).toEqual({
      kind: 'resource',
      name: 'counter',
      constructorParams: [{ name: 'start', type: prim('u32') }],
      methods: [{ name: 'increment', params: [{ name: 'by', type: prim('u32') }], result: prim('u32'), async: false }],
      statics: [{ name: 'zero', params: [], result: named('counter'), async: false }],
    });
    expect(token).toEqual({ kind: 'resource', name: 'token', constructorParams: undefined, methods: [], statics: [] });
    // A fallible constructor: its parameters are kept, the result type is the engine's business.
    expect(file).toMatchObject({
      kind: 'resource',
      name: 'file',
      constructorParams: [{ name: 'path', type: prim('string') }],
    });
  });

  test('a world: interface refs, inline functions, inline interfaces, and use', () => {
    const pkg = parsePackage(
      [
        'package local:interfaces@0.1.0;',
        '',
        'interface types {',
        '  record point {',
        '    x: s32,',
        '  }',
        '}',
        '',
        'world app {',
        '  import wasi:cli/stdout@0.2.12;',
        '  import types;',
        '  use types.{point, point as pt};',
        '',
        '  export greet: func(name: string) -> string;',
        '  export calc: interface {',
        '    add: func(a: s32, b: s32) -> s32;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const world = pkg.worlds.get('app')!;
    expect(world.uses).toEqual([
      {
        from: 'types',
        names: [
          { name: 'point', as: 'point' },
          { name: 'point', as: 'pt' },
        ],
      },
    ]);
    expect(world.items).toEqual([
      { direction: 'import', item: { kind: 'ref', name: 'wasi:cli/stdout@0.2.12' } },
      { direction: 'import', item: { kind: 'ref', name: 'types' } },
      {
        direction: 'export',
        item: {
          kind: 'function',
          name: 'greet',
          function: {
            name: 'greet',
            params: [{ name: 'name', type: prim('string') }],
            result: prim('string'),
            async: false,
          },
        },
      },
      {
        direction: 'export',
        item: {
          kind: 'interface',
          name: 'calc',
          interface: {
            name: 'calc',
            types: [],
            functions: [
              {
                name: 'add',
                params: [
                  { name: 'a', type: prim('s32') },
                  { name: 'b', type: prim('s32') },
                ],
                result: prim('s32'),
                async: false,
              },
            ],
          },
        },
      },
    ]);
  });

  test('a use of another package, with its version, inside an interface', () => {
    const pkg = parsePackage(
      'package wasi:cli@0.2.12;\n\ninterface stdout {\n  use wasi:io/streams@0.2.12.{output-stream};\n\n  get-stdout: func() -> output-stream;\n}\n',
    );
    expect(pkg.interfaces.get('stdout')!.uses).toEqual([
      { from: 'wasi:io/streams@0.2.12', names: [{ name: 'output-stream', as: 'output-stream' }] },
    ]);
  });

  test('%-escaped identifiers lose the %', () => {
    const pkg = parsePackage('package local:t;\n\nworld w {\n  export %record: func(%type: u32);\n}\n');
    expect(pkg.worlds.get('w')!.items[0]!.item).toMatchObject({
      kind: 'function',
      name: 'record',
      function: { params: [{ name: 'type' }] },
    });
  });

  test('// comments are skipped', () => {
    const pkg = parsePackage(
      'package local:t;\n\n/// Says hello.\ninterface i {\n  // not a function: f: func();\n  g: func();\n}\n',
    );
    expect(pkg.interfaces.get('i')!.functions.map((f) => f.name)).toEqual(['g']);
  });
});

describe('parsePackage: types', () => {
  test('every primitive', () => {
    for (const name of [
      'bool',
      'u8',
      'u16',
      'u32',
      'u64',
      's8',
      's16',
      's32',
      's64',
      'f32',
      'f64',
      'char',
      'string',
      'error-context',
    ]) {
      expect(typeOf(name)).toEqual(prim(name));
    }
  });

  test('list, fixed-length list, option, tuple', () => {
    expect(typeOf('list<list<u8>>')).toEqual({ kind: 'list', element: { kind: 'list', element: prim('u8') } });
    expect(typeOf('list<u8, 4>')).toEqual({ kind: 'list', element: prim('u8') });
    expect(typeOf('option<string>')).toEqual({ kind: 'option', some: prim('string') });
    expect(typeOf('tuple<u8, string, point>')).toEqual({
      kind: 'tuple',
      elements: [prim('u8'), prim('string'), named('point')],
    });
  });

  test('result in all four shapes', () => {
    expect(typeOf('result')).toEqual({ kind: 'result', ok: undefined, err: undefined });
    expect(typeOf('result<u32>')).toEqual({ kind: 'result', ok: prim('u32'), err: undefined });
    expect(typeOf('result<_, string>')).toEqual({ kind: 'result', ok: undefined, err: prim('string') });
    expect(typeOf('result<u32, string>')).toEqual({ kind: 'result', ok: prim('u32'), err: prim('string') });
  });

  test('stream and future, with and without an element', () => {
    expect(typeOf('stream<u8>')).toEqual({ kind: 'stream', element: prim('u8') });
    expect(typeOf('stream')).toEqual({ kind: 'stream', element: undefined });
    expect(typeOf('future<string>')).toEqual({ kind: 'future', element: prim('string') });
    expect(typeOf('future')).toEqual({ kind: 'future', element: undefined });
  });

  test('borrow and own handles', () => {
    expect(typeOf('borrow<counter>')).toEqual({ kind: 'handle', mode: 'borrow', resource: 'counter' });
    expect(typeOf('own<counter>')).toEqual({ kind: 'handle', mode: 'own', resource: 'counter' });
  });
});

describe('parsePackage: input it cannot read fails loudly', () => {
  test('a file that does not start with package', () => {
    expect(() => parsePackage('world w {\n}\n')).toThrow('expected package, found world');
  });

  test('text that ends in the middle of an item', () => {
    expect(() => parsePackage('package local:t;\n\ninterface i {\n  f: func(')).toThrow('unexpected end of WIT');
  });

  test('a top-level item that is neither interface nor world', () => {
    expect(() => parsePackage('package local:t;\n\nthing x {\n}\n')).toThrow('unexpected thing');
  });

  test('an item a world cannot hold', () => {
    expect(() => parsePackage('package local:t;\n\nworld w {\n  include other;\n}\n')).toThrow(
      'unexpected include in world',
    );
  });

  test('a character no token starts with is an error at its offset, not the silent end of the input', () => {
    // Before the fix the tokenizer stopped at `#` and returned the tokens before it, so this read
    // as a package with interface `one` only and interface `two` silently vanished.
    const text = 'package local:t;\n\ninterface one {\n  f: func();\n}\n\n#interface two {\n  g: func();\n}\n';
    expect(() => parsePackage(text)).toThrow(`unexpected character "#" at ${text.indexOf('#')}`);
  });

  test('an unexpected character inside an item is reported as such too', () => {
    const text = 'package local:t;\n\ninterface i {\n  f: func() -> u32;\n  g: func() -> $u32;\n}\n';
    expect(() => parsePackage(text)).toThrow(`unexpected character "$" at ${text.indexOf('$')}`);
  });

  test('an unexpected character as the very first one is reported as well', () => {
    expect(() => parsePackage('#package local:t;\n')).toThrow('unexpected character "#" at 0');
  });

  test('empty input is a missing package header, not a crash in the tokenizer', () => {
    expect(() => parsePackage('')).toThrow('unexpected end of WIT');
  });
});

describe('parsePackage: escaped keywords are names', () => {
  test('an interface function and a named type written with `%` are read as names, not keywords', () => {
    const pkg = parsePackage(
      'package local:t;\n\ninterface i {\n  record %list { a: u32 }\n  %type: func(x: %list) -> u32;\n}\n',
    );
    const i = pkg.interfaces.get('i')!;
    expect(i.functions.map((f) => f.name)).toEqual(['type']);
    expect(i.types.map((t) => t.name)).toEqual(['list']);
    expect(i.functions[0]!.params[0]!.type).toEqual({ kind: 'named', name: 'list' });
  });
});
