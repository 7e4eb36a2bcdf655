import { describe, expect, test } from 'vitest';
import { ComponentizeError } from '../../src/errors.js';
import { parseCall } from '../../src/host/parse-call.js';

/** The error `parseCall` throws for `text`, so its code and message can be checked. */
function parseError(text: string): ComponentizeError {
  try {
    parseCall(text);
  } catch (error) {
    if (error instanceof ComponentizeError) return error;
    throw new Error(
      `parseCall(${JSON.stringify(text)}) threw something other than a ComponentizeError: ${String(error)}`,
    );
  }
  throw new Error(`parseCall(${JSON.stringify(text)}) did not fail`);
}

describe('parseCall: the export path', () => {
  test('a plain function name and no arguments', () => {
    expect(parseCall('greet()')).toEqual({ path: ['greet'], args: [] });
  });

  test('whitespace around the name, inside empty parentheses and after them is allowed', () => {
    expect(parseCall('  greet ( )  ')).toEqual({ path: ['greet'], args: [] });
  });

  test('WIT kebab-case becomes the JavaScript name, in every segment', () => {
    expect(parseCall('my-calc.add-two(1, 2)').path).toEqual(['myCalc', 'addTwo']);
  });

  test('a name already in JavaScript spelling is kept as it is', () => {
    expect(parseCall('myCalc.addTwo(1, 2)').path).toEqual(['myCalc', 'addTwo']);
  });

  test('something that is not name(arguments) is an INVALID_OPTION naming --invoke', () => {
    for (const text of ['greet', 'greet(', '1greet()', 'calc..add()', '(1)']) {
      const error = parseError(text);
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toContain(`Invalid value for --invoke: ${JSON.stringify(text)}`);
      expect(error.message).toContain('expected name(arguments)');
    }
  });
});

describe('parseCall: literals', () => {
  test('strings in double or single quotes, with the other quote inside', () => {
    expect(parseCall(`f("it's", 'say "hi"')`).args).toEqual(["it's", 'say "hi"']);
  });

  test('escapes: \\n and \\t are control characters, any other escaped character is itself', () => {
    // Built with String.fromCharCode so the expectation does not reuse the parser's own escapes.
    const newline = String.fromCharCode(10);
    const tab = String.fromCharCode(9);
    expect(parseCall(String.raw`f("a\nb\tc", "q\"q", "back\\slash")`).args).toEqual([
      `a${newline}b${tab}c`,
      'q"q',
      `back${String.fromCharCode(92)}slash`,
    ]);
  });

  test('a parenthesis inside a string is not the end of the call', () => {
    expect(parseCall('f(")", "(")').args).toEqual([')', '(']);
  });

  test('numbers: integers, negatives, decimals, exponents, a leading dot', () => {
    expect(parseCall('f(0, -7, 2.5, 1e3, -1.5E-2, .25)').args).toEqual([0, -7, 2.5, 1000, -0.015, 0.25]);
  });

  test('a trailing n makes a BigInt, exact beyond 2^53', () => {
    const [big, negative] = parseCall('f(18446744073709551615n, -5n)').args;
    expect(typeof big).toBe('bigint');
    expect(big).toBe(2n ** 64n - 1n);
    expect(negative).toBe(-5n);
  });

  test('without the n a large integer is a (rounded) number', () => {
    expect(parseCall('f(9007199254740993)').args).toEqual([2 ** 53]);
  });

  test('true, false, null, NaN and the infinities', () => {
    const args = parseCall('f(true, false, null, NaN, Infinity, -Infinity)').args;
    expect(args.slice(0, 3)).toEqual([true, false, null]);
    expect(Number.isNaN(args[3])).toBe(true);
    expect(args.slice(4)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  test('lists, nested and empty', () => {
    expect(parseCall('f([1, [2, 3], []], [ ])').args).toEqual([[1, [2, 3], []], []]);
  });

  test('records with bare or quoted keys; kebab-case keys become camelCase', () => {
    expect(parseCall(`f({x: 1, "y": -2, 'first-name': "Ada", last_name: "L"}, {})`).args).toEqual([
      { x: 1, y: -2, firstName: 'Ada', last_name: 'L' },
      {},
    ]);
  });

  test('a variant in the jco shape: the tag key is converted, the tag value keeps its WIT spelling', () => {
    expect(parseCall('area({tag: "unit-square"}, {tag: "circle", val: {radius-mm: 2.5}})').args).toEqual([
      { tag: 'unit-square' },
      { tag: 'circle', val: { radiusMm: 2.5 } },
    ]);
  });

  test('newlines between arguments count as whitespace', () => {
    expect(parseCall('f(\n  1,\n  [2,\n 3]\n)').args).toEqual([1, [2, 3]]);
  });
});

describe('parseCall: malformed arguments are INVALID_OPTION errors saying what is wrong', () => {
  const cases: [text: string, why: string][] = [
    ['f("open)', 'unterminated string'],
    ['f(1 2)', 'unexpected "2"'],
    ['f(1,)', 'cannot read a value at ""'],
    ['f(undefined)', 'cannot read a value at "undefined"'],
    ['f([1, 2)', 'unexpected ""'],
    ['f({x 1})', "expected ':' after field x"],
    ['f({1: 2})', 'expected a record field name'],
    ['f({x: 1 y: 2})', 'expected , or } in a record'],
    ['f(truex)', 'unexpected "x"'],
  ];
  test.each(cases)('%s', (text, why) => {
    const error = parseError(text);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(`Invalid value for --invoke: ${JSON.stringify(text)}: ${why}`);
  });
});

describe('parseCall: BigInt literals are whole numbers', () => {
  test('1.5n, 1e3n and .5n are an INVALID_OPTION naming the literal, not an internal SyntaxError', () => {
    for (const literal of ['1.5n', '1e3n', '.5n']) {
      const error = parseError(`f(${literal})`);
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toContain(`${literal} is not a BigInt`);
    }
  });
});
