import { describe, expect, test } from 'vitest';
import { parseNormalizedWit } from '../../src/wit/parse-normalized.js';

// File maps the way jco's unpackWit returns them: the root package as `package.wit`, every
// dependency as `deps/<name>/package.wit`.

const ROOT = [
  'package local:app@0.1.0;',
  '',
  'interface types {',
  '  record point {',
  '    x: s32,',
  '    y: s32,',
  '  }',
  '',
  '  norm: func(p: point) -> f64;',
  '}',
  '',
  'interface host {',
  '  use types.{point as pos};',
  '',
  '  where: func() -> pos;',
  '}',
  '',
  'world app {',
  '  import wasi:cli/stdout@0.2.12;',
  '  import host;',
  '  use types.{point};',
  '',
  '  export types;',
  '  export greet: func(name: string) -> string;',
  '  export calc: interface {',
  '    add: func(a: s32, b: s32) -> s32;',
  '  }',
  '}',
  '',
].join('\n');

const CLI_DEP = [
  'package wasi:cli@0.2.12;',
  '',
  'interface stdout {',
  '  use wasi:io/streams@0.2.12.{output-stream};',
  '',
  '  get-stdout: func() -> output-stream;',
  '}',
  '',
].join('\n');

const IO_DEP = ['package wasi:io@0.2.12;', '', 'interface streams {', '  resource output-stream;', '}', ''].join('\n');

// Dependencies first, on purpose: the root is found by its file name, not by the map's order.
const FILES = new Map([
  ['deps/wasi-cli-0.2.12/package.wit', CLI_DEP],
  ['deps/wasi-io-0.2.12/package.wit', IO_DEP],
  ['package.wit', ROOT],
]);

describe('parseNormalizedWit: the world model', () => {
  const model = parseNormalizedWit(FILES, undefined);

  test('package and world come from the root file', () => {
    expect(model.package).toBe('local:app@0.1.0');
    expect(model.name).toBe('app');
  });

  test('imports are qualified interfaces, in order, with their functions', () => {
    expect(model.imports.map((i) => i.name)).toEqual(['wasi:cli/stdout@0.2.12', 'local:app/host@0.1.0']);
    const stdout = model.imports[0]!;
    expect(stdout.kind === 'interface' && stdout.interface.functions.map((f) => f.name)).toEqual(['get-stdout']);
  });

  test('a use across packages brings the type in, resolved by its qualified name', () => {
    const stdout = model.imports[0]!;
    expect(stdout.kind === 'interface' && stdout.interface.types).toEqual([
      {
        kind: 'resource',
        name: 'output-stream',
        constructorParams: undefined,
        methods: [],
        statics: [],
        usedFrom: 'wasi:io/streams@0.2.12',
      },
    ]);
  });

  test('a use with `as` brings the type in under the new name', () => {
    const host = model.imports[1]!;
    expect(host.kind === 'interface' && host.interface.types).toEqual([
      {
        kind: 'record',
        name: 'pos',
        fields: [
          { name: 'x', type: { kind: 'primitive', name: 's32' } },
          { name: 'y', type: { kind: 'primitive', name: 's32' } },
        ],
      },
    ]);
  });

  test('exports: a local interface qualified with package and version, a function, an inline interface under its own name', () => {
    expect(model.exports.map((e) => [e.kind, e.name])).toEqual([
      ['interface', 'local:app/types@0.1.0'],
      ['function', 'greet'],
      ['interface', 'calc'],
    ]);
    const types = model.exports[0]!;
    expect(types.kind === 'interface' && types.interface.functions.map((f) => f.name)).toEqual(['norm']);
  });

  test("the world's own use puts the type in the world's scope", () => {
    expect(model.types.map((t) => [t.kind, t.name])).toEqual([['record', 'point']]);
  });
});

describe('parseNormalizedWit: choosing the world', () => {
  const twoWorlds = new Map([
    [
      'package.wit',
      'package local:two;\n\nworld first {\n  export a: func();\n}\n\nworld second {\n  export b: func();\n}\n',
    ],
  ]);

  test('without a name, the first world', () => {
    expect(parseNormalizedWit(twoWorlds, undefined).name).toBe('first');
  });

  test('by its plain name or its qualified name', () => {
    expect(parseNormalizedWit(twoWorlds, 'second').exports.map((e) => e.name)).toEqual(['b']);
    expect(parseNormalizedWit(twoWorlds, 'local:two/second').name).toBe('second');
  });

  test('an unversioned package qualifies its interfaces without a version', () => {
    const files = new Map([
      ['package.wit', 'package local:plain;\n\ninterface api {\n  f: func();\n}\n\nworld w {\n  export api;\n}\n'],
    ]);
    expect(parseNormalizedWit(files, undefined).exports.map((e) => e.name)).toEqual(['local:plain/api']);
  });

  test('a world that is not there, no package at all, and a ref to an unknown interface are errors', () => {
    expect(() => parseNormalizedWit(twoWorlds, 'third')).toThrow('world third not in the resolved package');
    expect(() => parseNormalizedWit(new Map(), undefined)).toThrow('no WIT package');
    const dangling = new Map([['package.wit', 'package local:d;\n\nworld w {\n  import wasi:cli/stdout@0.2.12;\n}\n']]);
    expect(() => parseNormalizedWit(dangling, undefined)).toThrow('interface wasi:cli/stdout@0.2.12 not found');
  });
});
