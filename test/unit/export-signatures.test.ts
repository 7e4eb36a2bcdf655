import { expect, test } from 'vitest';
import { formatSignature, parseWorldExports, shortExportName } from '../../src/host/export-signatures.js';

test('the exported functions of `component wit` text, interfaces and all, not resource methods or imports', () => {
  const wit = [
    'package root:component;',
    '',
    'world root {',
    '  import wasi:cli/stdout@0.2.12;',
    '  import log: func(msg: string);',
    '',
    '  export greet: func(name: string) -> string;',
    '  export run: interface {',
    '    run: func() -> result;',
    '  }',
    '  export store: interface {',
    '    resource bucket {',
    '      constructor(name: string);',
    '      get: func(key: string) -> option<list<u8>>;',
    '    }',
    '',
    '    open: async func(name: string) -> bucket;',
    '    %type: func(a: s32, b: tuple<s32, s32>);',
    '  }',
    '}',
  ].join('\n');
  expect(parseWorldExports(wit).map(formatSignature)).toEqual([
    'greet(name: string) -> string',
    'run.run() -> result',
    'store.open(name: string) -> bucket',
    'store.type(a: s32, b: tuple<s32, s32>)',
  ]);
});

test('an exported interface from a package answers to its own name', () => {
  expect(shortExportName('wasi:cli/run@0.2.12')).toBe('run');
  expect(shortExportName('local:interfaces/text-tools')).toBe('text-tools');
  expect(shortExportName('greet')).toBe('greet');
});
