import { describe, expect, test } from 'vitest';
import { runsComponents } from '../../src/host/component-node.js';
import { decodeValue, encodeValue, formatValue } from '../../src/host/value-codec.js';

describe('invoke values between processes', () => {
  test('BigInt, typed arrays and nested records survive the trip', () => {
    const value = {
      args: [
        41n,
        new Uint8Array([1, 2, 250]),
        { inner: { n: -5n, xs: new Int32Array([-1, 7]) } },
        new BigUint64Array([2n ** 64n - 1n]),
        'text',
        [1.5, null],
      ],
    };
    const back = decodeValue(encodeValue(value));
    expect(back).toEqual(value);
    const args = (back as typeof value).args;
    expect(args[1]).toBeInstanceOf(Uint8Array);
    expect((args[2] as { inner: { xs: unknown } }).inner.xs).toBeInstanceOf(Int32Array);
  });

  test('results print as the user reads them', () => {
    expect(formatValue({ n: 42n, bytes: new Uint8Array([1, 2]), xs: new Float64Array([0.5]) })).toBe(
      '{"n":"42n","bytes":[1,2],"xs":[0.5]}',
    );
  });
});

test.each([
  ['v24.21.0', true],
  ['v24.20.0', true],
  ['v25.0.0', true],
  ['v24.19.1', false],
  ['v20.20.2', false],
  ['', false],
])('a Node %s runs components: %s', (version, expected) => {
  expect(runsComponents(version)).toBe(expected);
});
