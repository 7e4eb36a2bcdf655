import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { packageKey } from '../../src/build/lockfile.js';
import { BUILD_ENV, outputEnv } from '../../src/toolchain/build-env.js';

describe('the environment variables a build reads', () => {
  test("the README's table lists exactly src/toolchain/build-env.ts's rows", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('<!-- build-env: src/toolchain/build-env.ts -->');
    expect(start).toBeGreaterThan(0);
    const rows = readme
      .slice(start)
      .split('\n')
      .slice(3)
      .filter((line, i, all) => line.startsWith('|') && all.slice(0, i).every((l) => l.startsWith('|')));
    const cells = rows.map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim())
        .slice(1, 4),
    );
    expect(cells).toEqual(BUILD_ENV.map((v) => [`\`${v.name}\``, v.changes, v.why]));
  });

  test('only the output variables are taken, unset ones as null', () => {
    expect(outputEnv({ SOURCE_DATE_EPOCH: '1', PATH: '/bin' })).toEqual({
      SOURCE_DATE_EPOCH: '1',
      COMPONENTIZE_WIZER_BIN: null,
      COMPONENTIZE_WEVAL_BIN: null,
    });
  });
});

describe('the lockfile key of a bundled file', () => {
  test.each([
    ['node_modules/a/index.js', 'node_modules/a'],
    ['node_modules/@s/b/lib/x.js', 'node_modules/@s/b'],
    ['node_modules/a/node_modules/@s/b/x.js', 'node_modules/a/node_modules/@s/b'],
    ['packages/app/node_modules/c/x.js', 'packages/app/node_modules/c'],
    ['src/app.ts', undefined],
  ])('%s → %s', (path, key) => {
    expect(packageKey(path)).toBe(key);
  });
});
