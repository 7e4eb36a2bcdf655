import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { locateDeclaration, locateWitError, type ParseSource, toLocation } from '../../src/wit/locate-error.js';

// locateWitError reads the WIT files it is given, so each case writes its own into a temp
// directory (removed afterwards). The reference parser is replaced by a stand-in with the one
// property the search relies on: a prefix fails with the real message only once it reaches the
// offending token, and with a different message before that.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'componentize-unit-locate-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function witFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** 1-based line and column of `offset` in `text`, counted here independently of toLocation. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/** A parser that fails with `message` from the character at `badOffset` of `text` on, and accepts every other file. */
function parserFailingAt(text: string, badOffset: number, message: string): ParseSource {
  return async (source) => {
    if (!text.startsWith(source)) return undefined;
    if (source.length > badOffset) return message;
    return 'unexpected end of input';
  };
}

const noParse: ParseSource = async () => {
  throw new Error('name errors are located without parsing');
};

describe('locateWitError: name errors point at the first use outside comments', () => {
  test('an unknown type, skipping a longer word that contains it and a comment that mentions it', async () => {
    const text =
      'package local:hello;\n\n// strin was a typo once\nworld hello {\n  /* strin */ export greet: func(name: string) -> strin;\n}\n';
    const file = await witFile('unknown-type.wit', text);
    const { message, location } = await locateWitError('name `strin` does not exist', file, false, noParse, dir);
    expect(message).toBe('name `strin` does not exist');
    expect(location).toEqual({
      file: 'unknown-type.wit',
      ...lineColumn(text, text.indexOf('-> strin;') + 3),
      lineText: '  /* strin */ export greet: func(name: string) -> strin;',
    });
  });

  test('a missing package is found where one of its interfaces is used, version included', async () => {
    const text = 'package local:hello;\n\nworld hello {\n  import wasi:cli/stdout@0.2.3;\n}\n';
    const file = await witFile('missing-dep.wit', text);
    const { location } = await locateWitError(
      "package 'wasi:cli@0.2.3' not found. known packages:\n    local:hello",
      file,
      false,
      noParse,
      dir,
    );
    expect(location).toMatchObject({
      ...lineColumn(text, text.indexOf('wasi:cli/stdout')),
      lineText: '  import wasi:cli/stdout@0.2.3;',
    });
  });

  test('a name that is nowhere in the files: no location, the message as it was', async () => {
    const file = await witFile('nowhere.wit', 'package local:a;\n\nworld w {\n}\n');
    expect(await locateWitError('name `ghost` does not exist', file, false, noParse, dir)).toEqual({
      message: 'name `ghost` does not exist',
      location: undefined,
    });
  });
});

describe('locateWitError: syntax errors point at the offending token', () => {
  test('a missing ; is reported at the keyword after it', async () => {
    const text =
      'package local:hello;\n\nworld hello {\n  export greet: func(name: string) -> string\n  export bye: func();\n}\n';
    const file = await witFile('bad.wit', text);
    const bad = text.indexOf('export bye');
    const message = "expected ';', found keyword `export`";
    const { location } = await locateWitError(message, file, false, parserFailingAt(text, bad, message), dir);
    expect(location).toEqual({ file: 'bad.wit', ...lineColumn(text, bad), lineText: '  export bye: func();' });
  });

  test('the search backs up from the last character read to the start of its word', async () => {
    // A parser that only fails once it has read the third letter of `frob`: the location is still
    // where the word begins.
    const text = 'package local:a;\n\nworld w {\n  frob x;\n}\n';
    const file = await witFile('word.wit', text);
    const start = text.indexOf('frob');
    const { location } = await locateWitError(
      'unknown keyword',
      file,
      false,
      parserFailingAt(text, start + 2, 'unknown keyword'),
      dir,
    );
    expect(location).toMatchObject(lineColumn(text, start));
  });

  test('in a directory, the file that fails alone gets the location and the real message', async () => {
    const pkgDir = join(dir, 'pkg');
    await mkdir(pkgDir);
    // `a.wit` uses a type from `b.wit`: alone it fails with a name error, which must not count.
    const a = 'package local:p;\n\ninterface a {\n  use b.{thing};\n}\n';
    const b = 'interface b {\n  type thing = u32;\n  f: func() -> thing\n  g: func();\n}\n';
    await writeFile(join(pkgDir, 'a.wit'), a);
    await writeFile(join(pkgDir, 'b.wit'), b);
    const bad = b.indexOf('g: func');
    const real = "expected ';', found an identifier";
    const parse: ParseSource = async (source) => {
      if (a.startsWith(source)) return source === a ? 'name `thing` does not exist' : 'unexpected end of input';
      return parserFailingAt(b, bad, real)(source);
    };
    const result = await locateWitError(`failed to parse package: ${pkgDir}`, pkgDir, true, parse, dir);
    expect(result).toEqual({
      message: real,
      location: { file: join('pkg', 'b.wit'), ...lineColumn(b, bad), lineText: '  g: func();' },
    });
  });

  test('a file that parses alone is not blamed', async () => {
    const text = 'package local:a;\n\nworld w {\n}\n';
    const file = await witFile('fine.wit', text);
    expect(await locateWitError('something else went wrong', file, false, async () => undefined, dir)).toEqual({
      message: 'something else went wrong',
      location: undefined,
    });
  });
});

describe('locateDeclaration', () => {
  const text = [
    'package local:app;',
    '',
    'interface counters {',
    '  // make: func() is not the declaration',
    '  resource counter {',
    '    make: static func() -> counter;',
    '  }',
    '}',
    '',
    'world app {',
    '  export counters;',
    '  export greet-later: async func(ms: u32);',
    '  export %record: func();',
    '}',
    '',
  ].join('\n');

  test('a function declaration, async and static ones included, past comments', async () => {
    const file = await witFile('decl.wit', text);
    expect(await locateDeclaration('greet-later', file, false, dir)).toMatchObject(
      lineColumn(text, text.indexOf('greet-later')),
    );
    expect(await locateDeclaration('make', file, false, dir)).toMatchObject(
      lineColumn(text, text.indexOf('make: static')),
    );
  });

  test('an exported interface by name, and an escaped name at its %', async () => {
    const file = await witFile('decl.wit', text);
    expect(await locateDeclaration('counters', file, false, dir)).toMatchObject(
      lineColumn(text, text.indexOf('counters;')),
    );
    expect(await locateDeclaration('record', file, false, dir)).toMatchObject(
      lineColumn(text, text.indexOf('%record')),
    );
  });

  test('a name that is only part of another is not its declaration', async () => {
    const file = await witFile('decl.wit', text);
    expect(await locateDeclaration('later', file, false, dir)).toBeUndefined();
  });
});

describe('toLocation', () => {
  test('offset 0 is line 1, column 1', () => {
    expect(toLocation('f.wit', 'abc\ndef', 0)).toEqual({ file: 'f.wit', line: 1, column: 1, lineText: 'abc' });
  });

  test('on the last line, without a final newline, the line text runs to the end', () => {
    expect(toLocation('f.wit', 'abc\ndef', 5)).toEqual({ file: 'f.wit', line: 2, column: 2, lineText: 'def' });
  });
});
