import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { quickWorldModel } from '../../src/wit/quick-world.js';

const dir = await mkdtemp(join(tmpdir(), 'quick-world-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function wit(name: string, text: string): Promise<string> {
  const path = join(dir, `${name}.wit`);
  await writeFile(path, text);
  return path;
}

test('a plain single-file world is read without the reference parser', async () => {
  const path = await wit(
    'plain',
    'package local:plain;\n\n// a comment\nworld plain {\n  import log: func(msg: string);\n  export greet: func(name: string) -> string;\n}\n',
  );
  const model = (await quickWorldModel(path, undefined))?.model;
  expect(model?.name).toBe('plain');
  expect(model?.exports.map((e) => e.name)).toEqual(['greet']);
  expect(model?.imports.map((e) => e.name)).toEqual(['log']);
});

test.each([
  ['use', 'package local:a;\ninterface types { type n = u32; }\nworld a { use types.{n}; export f: func() -> n; }\n'],
  ['include', 'package local:a;\nworld base { export f: func(); }\nworld a { include base; }\n'],
  ['another package', 'package local:a;\nworld a { import wasi:cli/stdout@0.2.12; export f: func(); }\n'],
  ['a feature gate', 'package local:a@1.0.0;\nworld a { @since(version = 1.0.0) export f: func(); }\n'],
  ['a block comment', 'package local:a;\n/* old */\nworld a { export f: func(); }\n'],
  ['a syntax error', 'package local:a;\nworld a { export f: func() }\n'],
])('a world with %s waits for the reference parser', async (name, text) => {
  expect(await quickWorldModel(await wit(name.replace(/ /g, '-'), text), undefined)).toBeUndefined();
});

test('a directory with deps/ or several files waits for the reference parser', async () => {
  const withDeps = join(dir, 'with-deps');
  await mkdir(join(withDeps, 'deps'), { recursive: true });
  await writeFile(join(withDeps, 'world.wit'), 'package local:a;\nworld a { export f: func(); }\n');
  expect(await quickWorldModel(withDeps, undefined)).toBeUndefined();
  const single = join(dir, 'single');
  await mkdir(single);
  await writeFile(join(single, 'world.wit'), 'package local:a;\nworld a { export f: func(); }\n');
  expect((await quickWorldModel(single, undefined))?.model.name).toBe('a');
});
