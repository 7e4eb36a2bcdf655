import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { listEngines } from '../dist/index.js';
import { checkConventions } from '../dist/wit/check-conventions.js';
import { loadWorld } from '../dist/wit/load.js';
import { FIXTURES, ROOT } from './helpers/build-fixture.js';

const wit = join(FIXTURES, 'errors/int64/world.wit');

describe('value conventions that differ between engines are warned about, naming the function', () => {
  test('quickjs: u64 as number, option none as null', async () => {
    const [quickjs] = await listEngines();
    const { model } = await loadWorld(wit, undefined, ROOT);
    const warnings = await checkConventions(model, quickjs!, wit, ROOT);
    expect(warnings).toEqual([
      {
        code: 'INT64_PRECISION',
        message: '`add64` passes u64/s64 as a JavaScript number on quickjs: values beyond 2^53 lose precision (starlingmonkey passes BigInt)',
        location: { file: 'fixtures/errors/int64/world.wit', line: 4, column: 10, lineText: '  export add64: func(a: u64, b: u64) -> u64;' },
      },
      {
        code: 'OPTION_NONE',
        message: '`lookup` uses option<T>: none is `null` on quickjs but `undefined` on starlingmonkey; test with `== null` to handle both',
        location: { file: 'fixtures/errors/int64/world.wit', line: 5, column: 10, lineText: '  export lookup: func(key: string) -> option<string>;' },
      },
    ]);
  });

  test('starlingmonkey follows the convention: no warnings', async () => {
    const [, starlingmonkey] = await listEngines();
    const { model } = await loadWorld(wit, undefined, ROOT);
    expect(await checkConventions(model, starlingmonkey!, wit, ROOT)).toEqual([]);
  });
});
