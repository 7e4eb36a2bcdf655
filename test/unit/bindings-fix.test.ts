import { describe, expect, test } from 'vitest';
import { fixBindings } from '../../src/engines/starlingmonkey/bindings-fix.js';

// The shape of componentize-js 0.23's generated export wrappers (ENGINE-NOTES).
const BINDINGS = `function toUint32(val) { return val >>> 0; }
function toInt64(val) { return BigInt.asIntN(64, val); }
export function echoU32(arg0) { const ret = $source_mod.echoU32(arg0); return toUint32(ret); }
export function nextS64(arg0) { const ret = $source_mod.nextS64(arg0); return toInt64(ret); }
`;

describe("StarlingMonkey's generated bindings", () => {
  test('u32 and s64 direct results are handed over as the bits the glue reads right', () => {
    const fixed = fixBindings(BINDINGS);
    expect(fixed).toContain('return toUint32(ret) | 0;');
    expect(fixed).toContain('return BigInt.asUintN(64, toInt64(ret));');
    // Run the rewritten wrappers: 2^32-1 becomes the int32 with the same bits, -2^63 the u64 with the same bits.
    const module = new Function('$source_mod', `${fixed.replaceAll('export ', '')}; return { echoU32, nextS64 };`)({
      echoU32: (x: number) => x,
      nextS64: (x: bigint) => x,
    });
    expect(module.echoU32(4294967295)).toBe(-1);
    expect(module.nextS64(-(2n ** 63n))).toBe(2n ** 63n);
  });

  test('bindings without such results are left as they are', () => {
    const plain = 'export function greet(a) { return $source_mod.greet(a); }';
    expect(fixBindings(plain)).toBe(plain);
  });

  test('a return of these helpers the fix does not recognise fails the build instead of going through unfixed', () => {
    expect(() => fixBindings('return toUint32(ret0);')).toThrow('generated a `toUint32` return this fix does not know');
  });
});
