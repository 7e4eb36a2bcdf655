/**
 * The two lines of the bindings componentize-js 0.23 generates that make StarlingMonkey return
 * wrong values, and what they become (measured; see ENGINE-NOTES "Checked: rewriting those two
 * lines"). Only a function's direct result goes through these helpers: values inside records and
 * lists are written with DataView and are right already.
 * - `toUint32(ret)` is `ret >>> 0`, a double for values >= 2^31, whose low word the glue reads as
 *   an int32: `| 0` hands it the same bits as an int32-tagged value.
 * - `toInt64(ret)` is `BigInt.asIntN(64, ...)`: the glue traps on a negative BigInt, and takes
 *   the unsigned BigInt of the same bits.
 */
const REWRITES = [
  { from: 'return toUint32(ret);', to: 'return toUint32(ret) | 0;' },
  { from: 'return toInt64(ret);', to: 'return BigInt.asUintN(64, toInt64(ret));' },
] as const;

/** Rewrites the generated bindings; a helper that is defined but never returned is fine (no such result). */
export function fixBindings(bindings: string): string {
  let fixed = bindings;
  for (const { from, to } of REWRITES) {
    const helper = from.slice('return '.length, from.indexOf('('));
    // The generator changed: a return we cannot recognise must not go through unfixed.
    const unknownReturn = new RegExp(`return ${helper}\\((?!ret\\);)`).exec(fixed);
    if (unknownReturn)
      throw new Error(
        `componentize-js generated a \`${helper}\` return this fix does not know: ${fixed.slice(unknownReturn.index, unknownReturn.index + 60)}`,
      );
    fixed = fixed.replaceAll(from, to);
  }
  return fixed;
}
