import { describe, expect, test } from 'vitest';
import type { WitFunction, WitType, WitTypeDef } from '../../src/wit/world.js';
import type { ValueConventions } from '../../src/wit-dylib/adapter.js';
import { wrapperExpression } from '../../src/wit-dylib/boundary.js';
import { apply, functionConversions, paramConversion, resultConversion } from '../../src/wit-dylib/conversions.js';

/** An engine that lifts and lowers every value as componentize promises: nothing to convert. */
const EXACT: ValueConventions = {
  int64: 'bigint',
  s64Params: 'exact',
  optionNone: 'undefined',
  thrownError: 'message',
  u32: 'exact',
  numericLists: 'typed-array',
};
/** QuickJS's measured conventions (src/engines/quickjs), restated here. */
const NUMBER_INT64: ValueConventions = { ...EXACT, int64: 'number', optionNone: 'null', u32: 'signed' };
/** StarlingMonkey's measured conventions (src/engines/starlingmonkey), restated here. */
const UNSIGNED_S64: ValueConventions = { ...EXACT, s64Params: 'unsigned', thrownError: 'trap' };

const prim = (name: 'u32' | 'u64' | 's64' | 'string' | 'bool'): WitType => ({ kind: 'primitive', name });
const noScope: WitTypeDef[] = [];

/** Runs a conversion the way the generated boundary code does: as JavaScript, on a real value. */
function run(conversion: string | undefined, value: unknown): unknown {
  return new Function('value', `return ${apply(conversion, 'value')};`)(value);
}

describe('parameters: what reaches the user function', () => {
  test('u32 that an engine hands over signed comes back to the unsigned value', () => {
    const conversion = paramConversion(prim('u32'), noScope, NUMBER_INT64);
    expect(run(conversion, -1)).toBe(2 ** 32 - 1);
    expect(run(conversion, -(2 ** 31))).toBe(2 ** 31);
    expect(run(conversion, 7)).toBe(7);
  });

  test('u64 given as a number becomes a BigInt; the top half, arriving negative, wraps to 2^64 - |x|', () => {
    const conversion = paramConversion(prim('u64'), noScope, NUMBER_INT64);
    expect(run(conversion, 5)).toBe(5n);
    expect(run(conversion, -1)).toBe(2n ** 64n - 1n);
    expect(run(conversion, 2 ** 40)).toBe(2n ** 40n);
    // A BigInt (an engine that already gives one) passes through.
    expect(run(conversion, 9n)).toBe(9n);
  });

  test('s64 given as a number becomes a BigInt with its sign', () => {
    const conversion = paramConversion(prim('s64'), noScope, NUMBER_INT64);
    expect(run(conversion, -5)).toBe(-5n);
    expect(run(conversion, 12)).toBe(12n);
  });

  test('s64 read as unsigned by the engine gets its sign back', () => {
    const conversion = paramConversion(prim('s64'), noScope, UNSIGNED_S64);
    expect(run(conversion, 2n ** 64n - 5n)).toBe(-5n);
    expect(run(conversion, 2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(run(conversion, 3n)).toBe(3n);
  });

  test('a top-level option none given as null becomes undefined; a some value is untouched', () => {
    const conversion = paramConversion({ kind: 'option', some: prim('u32') }, noScope, NUMBER_INT64);
    expect(run(conversion, null)).toBeUndefined();
    expect(run(conversion, 0)).toBe(0);
  });

  test('an engine with exact conventions needs no conversion for any of these', () => {
    for (const type of [prim('u32'), prim('u64'), prim('s64'), { kind: 'option', some: prim('string') } as WitType]) {
      expect(paramConversion(type, noScope, EXACT)).toBeUndefined();
    }
  });

  test('types that cross as they are have no conversion even on a converting engine', () => {
    expect(paramConversion(prim('string'), noScope, NUMBER_INT64)).toBeUndefined();
    // (A list of numbers is converted: to its typed array, see the end of this file.)
    expect(paramConversion({ kind: 'list', element: prim('string') }, noScope, NUMBER_INT64)).toBeUndefined();
  });

  test('aliases are followed, through more than one step', () => {
    const scope: WitTypeDef[] = [
      { kind: 'alias', name: 'id', type: { kind: 'named', name: 'raw-id' } },
      { kind: 'alias', name: 'raw-id', type: prim('u64') },
    ];
    const conversion = paramConversion({ kind: 'named', name: 'id' }, scope, NUMBER_INT64);
    expect(run(conversion, -1)).toBe(2n ** 64n - 1n);
  });

  test('a named record is not an alias: no conversion', () => {
    const scope: WitTypeDef[] = [{ kind: 'record', name: 'point', fields: [{ name: 'x', type: prim('u64') }] }];
    expect(paramConversion({ kind: 'named', name: 'point' }, scope, NUMBER_INT64)).toBeUndefined();
  });
});

describe('results: what the engine receives from the user function', () => {
  test('u32 at or above 2^31 is handed over as its signed bit pattern', () => {
    const conversion = resultConversion(prim('u32'), noScope, NUMBER_INT64);
    expect(run(conversion, 2 ** 32 - 1)).toBe(-1);
    expect(run(conversion, 2 ** 31)).toBe(-(2 ** 31));
    expect(run(conversion, 7)).toBe(7);
  });

  test('u64 BigInt becomes a number (exact to 2^53); a negative BigInt wraps modulo 2^64', () => {
    const conversion = resultConversion(prim('u64'), noScope, NUMBER_INT64);
    expect(run(conversion, 5n)).toBe(5);
    expect(run(conversion, 2n ** 53n)).toBe(2 ** 53);
    expect(run(conversion, -1n)).toBe(Number(2n ** 64n - 1n));
    expect(run(conversion, 6)).toBe(6);
  });

  test('s64 BigInt becomes a number, wrapping into the signed range', () => {
    const conversion = resultConversion(prim('s64'), noScope, NUMBER_INT64);
    expect(run(conversion, -5n)).toBe(-5);
    expect(run(conversion, 2n ** 63n)).toBe(-(2 ** 63));
  });

  test('no result, or an engine with exact conventions: nothing to convert', () => {
    expect(resultConversion(undefined, noScope, NUMBER_INT64)).toBeUndefined();
    expect(resultConversion(prim('u64'), noScope, EXACT)).toBeUndefined();
    // Lossy u32 results cannot be fixed from JavaScript (they are warned about instead).
    expect(resultConversion(prim('u32'), noScope, UNSIGNED_S64)).toBeUndefined();
  });
});

describe('functionConversions: what one export needs', () => {
  const fn = (params: WitType[], result: WitType | undefined): WitFunction => ({
    name: 'f',
    params: params.map((type, i) => ({ name: `p${i}`, type })),
    result,
    async: false,
  });

  test('undefined when every value crosses as it is', () => {
    expect(functionConversions(fn([prim('string'), prim('u32')], prim('bool')), noScope, EXACT)).toBeUndefined();
  });

  test('one entry per parameter, undefined for those that need nothing', () => {
    const fix = functionConversions(fn([prim('string'), prim('u32')], undefined), noScope, NUMBER_INT64);
    expect(fix?.params[0]).toBeUndefined();
    expect(run(fix?.params[1], -1)).toBe(2 ** 32 - 1);
    expect(fix?.result).toBeUndefined();
    expect(fix?.errMessage).toBe(false);
  });

  test('result<_, string> turns a thrown Error into its message, on every engine', () => {
    const resultStringErr: WitType = { kind: 'result', ok: undefined, err: prim('string') };
    expect(functionConversions(fn([], resultStringErr), noScope, EXACT)?.errMessage).toBe(true);
    const scope: WitTypeDef[] = [{ kind: 'alias', name: 'message', type: prim('string') }];
    expect(
      functionConversions(
        fn([], { kind: 'result', ok: prim('u32'), err: { kind: 'named', name: 'message' } }),
        scope,
        EXACT,
      )?.errMessage,
    ).toBe(true);
  });

  test('a result whose error is not a string, or that has none, keeps thrown values as they are', () => {
    expect(
      functionConversions(fn([], { kind: 'result', ok: prim('string'), err: prim('u32') }), noScope, EXACT),
    ).toBeUndefined();
    expect(
      functionConversions(fn([], { kind: 'result', ok: prim('string'), err: undefined }), noScope, EXACT),
    ).toBeUndefined();
  });
});

describe('apply', () => {
  test('no conversion leaves the expression as it is', () => {
    expect(apply(undefined, 'a0')).toBe('a0');
  });

  test('every $ is the value', () => {
    expect(apply('$ + $', 'a0')).toBe('(a0 + a0)');
  });

  // An export returning u64/s64 on an engine lifting int64 as numbers: the conversion reads the
  // result three times, and the user's function must still run once per call.
  // A minified bundle names its functions `r`, `a0`, ...: the wrapper's own names must not shadow them.
  test('the wrapper works whatever the user function is called, minified names included', () => {
    const fn = {
      name: 'greet',
      params: [{ name: 'name', type: prim('string') }],
      result: prim('string'),
      async: false,
    } as unknown as WitFunction;
    const fix = {
      params: [undefined],
      check: { test: "typeof $ === 'string'", expected: 'string', name: 'greet', at: undefined },
    } as never;
    for (const local of ['r', 'a0', 'e']) {
      const wrapper = new Function(local, `return ${wrapperExpression(local, fn, fix)};`)((x: string) => `hi ${x}`) as (
        x: string,
      ) => string;
      expect(wrapper('you')).toBe('hi you');
    }
  });

  test('the generated wrapper calls the user function once, for sync and async exports', async () => {
    for (const isAsync of [false, true]) {
      let calls = 0;
      const target = () => {
        calls++;
        return isAsync ? Promise.resolve(5n) : 5n;
      };
      const fn = { name: 'next', params: [], result: prim('u64'), async: isAsync } as unknown as WitFunction;
      const fix = functionConversions(fn, noScope, NUMBER_INT64)!;
      const wrapper = new Function('target', `return ${wrapperExpression('target', fn, fix)};`)(
        target,
      ) as () => unknown;
      expect(await wrapper()).toBe(5);
      expect(calls).toBe(1);
    }
  });
});

describe('numeric lists reach the code as the typed array the guest types declare, on every engine', () => {
  const list = (name: 's32' | 'u64' | 'u8' | 'string'): WitType => ({
    kind: 'list',
    element: { kind: 'primitive', name } as WitType,
  });
  test('a plain Array (QuickJS) becomes the typed array; a typed array (StarlingMonkey) stays the same object', () => {
    const conversion = paramConversion(list('s32'), noScope, EXACT);
    expect(run(conversion, [1, -2])).toEqual(Int32Array.of(1, -2));
    const typed = Int32Array.of(3);
    expect(run(conversion, typed)).toBe(typed);
  });
  test('64-bit elements handed over as numbers become BigInts with the same bits', () => {
    expect(run(paramConversion(list('u64'), noScope, NUMBER_INT64), [1, -1])).toEqual(
      BigUint64Array.of(1n, 2n ** 64n - 1n),
    );
  });
  test('list<u8> (a Uint8Array on both) and non-numeric lists are not touched', () => {
    expect(paramConversion(list('u8'), noScope, EXACT)).toBeUndefined();
    expect(paramConversion(list('string'), noScope, EXACT)).toBeUndefined();
  });
});
