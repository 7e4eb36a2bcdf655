import equal from 'fast-deep-equal/es6/index.js';

// Deep equality of pairs from JSON input, plus ES6 values (Map, Set, typed arrays, Date, RegExp).
export function run(input: string): string {
  const pairs = JSON.parse(input) as [unknown, unknown][];
  const es6 = [
    equal(new Map([['a', { b: 1 }]]), new Map([['a', { b: 1 }]])),
    equal(new Set([1, 2]), new Set([1, 3])),
    equal(new Uint8Array([1, 2]), new Uint8Array([1, 2])),
    equal(new Date(0), new Date(0)),
    equal(/a/g, /a/i),
  ];
  return [...pairs.map(([a, b]) => equal(a, b)), ...es6].join(',');
}
