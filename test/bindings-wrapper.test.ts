// The StarlingMonkey bindings fix runs as the snapshot tool componentize-js is given: a wrapper
// that fixes `<first --dir>/initializer.js`, then runs the real tool with the same arguments and
// exit status. Exercised here with a stand-in for the real tool, no engine build.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contentKey } from '../dist/cache/keys.js';
import { writeBindingsWrapper } from '../dist/engines/starlingmonkey/bindings-wrapper.js';
import { enginePackageFingerprint } from '../dist/engines/starlingmonkey/package-fingerprint.js';
import { engineNamed } from './helpers/engines.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'componentize-wrapper-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A stand-in for Wizer: records its arguments and stdin, exits with the code it is told. */
async function standIn(exitCode: number): Promise<string> {
  const path = join(dir, `tool-${exitCode}.sh`);
  await writeFile(
    path,
    `#!/bin/sh\necho "$@" > "${dir}/args-${exitCode}"\ncat > "${dir}/stdin-${exitCode}"\nexit ${exitCode}\n`,
  );
  await chmod(path, 0o755);
  return path;
}

describe('the snapshot wrapper', () => {
  test('fixes the bindings in the first --dir, then runs the real tool with the same arguments and stdin', async () => {
    const sources = await mkdtemp(join(dir, 'sources-'));
    await writeFile(
      join(sources, 'initializer.js'),
      'function a() { return toUint32(ret); }\nfunction b() { return toInt64(ret); }\n',
    );
    const work = await mkdtemp(join(dir, 'work-'));
    const wrapper = await writeBindingsWrapper(await standIn(0), work);
    const run = await execa(
      wrapper.path,
      ['--allow-wasi', `--dir=${sources}`, '--dir=/other', '-o=out.wasm', 'in.wasm'],
      { input: 'runtime args', reject: false },
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(await readFile(join(sources, 'initializer.js'), 'utf8')).toBe(
      'function a() { return toUint32(ret) | 0; }\nfunction b() { return BigInt.asUintN(64, toInt64(ret)); }\n',
    );
    expect((await readFile(join(dir, 'args-0'), 'utf8')).trim()).toBe(
      `--allow-wasi --dir=${sources} --dir=/other -o=out.wasm in.wasm`,
    );
    expect(await readFile(join(dir, 'stdin-0'), 'utf8')).toBe('runtime args');
    expect(await readFile(wrapper.marker, 'utf8')).toBe(join(sources, 'initializer.js'));
  });

  test("passes the real tool's failure on", async () => {
    const sources = await mkdtemp(join(dir, 'sources-'));
    await writeFile(join(sources, 'initializer.js'), '');
    const wrapper = await writeBindingsWrapper(await standIn(3), await mkdtemp(join(dir, 'work-')));
    expect((await execa(wrapper.path, [`--dir=${sources}`], { reject: false, input: '' })).exitCode).toBe(3);
  });

  test('without a --dir it fails instead of snapshotting unfixed bindings', async () => {
    const wrapper = await writeBindingsWrapper(await standIn(0), await mkdtemp(join(dir, 'work-')));
    const run = await execa(wrapper.path, ['in.wasm'], { reject: false, input: '' });
    expect(run.exitCode).toBe(70);
    expect(run.stderr).toContain('cannot fix them');
  });
});

test('the engine package content is part of the build cache key', async () => {
  const starlingmonkey = await engineNamed('starlingmonkey');
  expect(await enginePackageFingerprint()).toMatch(/^[0-9a-f]{16}$/);
  const options = (fingerprint: string) =>
    ({
      engine: { ...starlingmonkey, packageFingerprint: async () => fingerprint },
      weval: undefined,
      disable: { all: false, features: [] },
      verify: true,
      verifyCall: undefined,
    }) as never;
  const content = {
    code: 'x',
    fileName: 'app.js',
    map: undefined,
    resolvedWit: new Uint8Array(1),
    world: undefined,
    variant: 'default',
  };
  const [a, b, again] = await Promise.all([
    contentKey(options('aaaa'), content),
    contentKey(options('bbbb'), content),
    contentKey(options('aaaa'), content),
  ]);
  expect(a).not.toBe(b);
  expect(a).toBe(again);
});
