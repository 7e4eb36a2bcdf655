import type { WitFunction, WitType, WitTypeDef } from '../wit/world.js';
import type { ValueConventions } from './adapter.js';

/**
 * The one JavaScript representation componentize promises for each WIT value at an export's
 * boundary (jco's and ComponentizeJS's conventions): u32 as a non-negative number, u64/s64 as
 * BigInt, a top-level `option` none as `undefined`. For each engine, what its own lifting and
 * lowering gets wrong is fixed here with a JavaScript expression; what cannot be fixed from
 * JavaScript is reported before the build (check/conventions.ts).
 */

/** A conversion of one value: `(x) => expression`, written with `$` for the value. */
type Conversion = string | undefined;

function resolveAlias(type: WitType, scope: readonly WitTypeDef[]): WitType {
  for (let depth = 0; type.kind === 'named' && depth < 10; depth++) {
    const def = scope.find((d) => d.name === (type as { name: string }).name);
    if (def?.kind !== 'alias') break;
    type = def.type;
  }
  return type;
}

const primitive = (type: WitType, scope: readonly WitTypeDef[]) => {
  const t = resolveAlias(type, scope);
  return t.kind === 'primitive' ? t.name : t.kind;
};

/**
 * The typed array a `list<T>` of numbers is handed to JavaScript as: what the generated guest
 * types declare (`list<s32>` → `Int32Array`). StarlingMonkey hands typed arrays, QuickJS plain
 * Arrays (only `list<u8>` is a `Uint8Array` on both), so `xs.map(...)` returned different things
 * on the two engines. Normalizing to the typed array on every engine makes them the same and
 * matches the declared types; an engine that already hands the typed array pays one `instanceof`.
 */
const TYPED_ARRAYS: Partial<Record<string, string>> = {
  s8: 'Int8Array',
  u16: 'Uint16Array',
  s16: 'Int16Array',
  u32: 'Uint32Array',
  s32: 'Int32Array',
  u64: 'BigUint64Array',
  s64: 'BigInt64Array',
  f32: 'Float32Array',
  f64: 'Float64Array',
};

function listConversion(type: WitType, scope: readonly WitTypeDef[]): Conversion {
  const list = resolveAlias(type, scope);
  if (list.kind !== 'list') return undefined;
  const element = primitive(list.element, scope);
  const typed = TYPED_ARRAYS[element];
  if (!typed) return undefined;
  // 64-bit elements may arrive as numbers (QuickJS): BigInt each one, keeping the bits.
  const each = typed.startsWith('Big')
    ? `, (v) => typeof v === 'bigint' ? v : BigInt.as${typed === 'BigUint64Array' ? 'Uint' : 'Int'}N(64, BigInt(v))`
    : '';
  return `($ instanceof ${typed} ? $ : ${typed}.from($${each}))`;
}

/** How a parameter reaches the user's function. */
export function paramConversion(type: WitType, scope: readonly WitTypeDef[], raw: ValueConventions): Conversion {
  switch (primitive(type, scope)) {
    case 'list':
      return listConversion(type, scope);
    case 'u32':
      return raw.u32 === 'signed' ? '$ >>> 0' : undefined;
    case 'u64':
      // QuickJS gives a number (already rounded above 2^53); the top 2^31 values arrive negative.
      return raw.int64 === 'number'
        ? "(typeof $ === 'number' ? ($ < 0 ? BigInt($) + 18446744073709551616n : BigInt($)) : $)"
        : undefined;
    case 's64':
      if (raw.int64 === 'number') return "(typeof $ === 'number' ? BigInt($) : $)";
      // StarlingMonkey reads an s64 as unsigned: -5 arrives as 2^64 - 5.
      return raw.s64Params === 'unsigned' ? "(typeof $ === 'bigint' ? BigInt.asIntN(64, $) : $)" : undefined;
    case 'option':
      return raw.optionNone === 'null' ? '($ === null ? undefined : $)' : undefined;
    default:
      return undefined;
  }
}

/** How the user's result is handed back to the engine. */
export function resultConversion(
  type: WitType | undefined,
  scope: readonly WitTypeDef[],
  raw: ValueConventions,
): Conversion {
  if (!type) return undefined;
  switch (primitive(type, scope)) {
    case 'u32':
      // QuickJS saturates u32 results at 2^31-1 but lowers the signed bit pattern correctly.
      return raw.u32 === 'signed' ? '$ | 0' : undefined;
    case 'u64':
      // QuickJS traps on a BigInt result: hand it the number (exact up to 2^53).
      return raw.int64 === 'number' ? "(typeof $ === 'bigint' ? Number(BigInt.asUintN(64, $)) : $)" : undefined;
    case 's64':
      return raw.int64 === 'number' ? "(typeof $ === 'bigint' ? Number(BigInt.asIntN(64, $)) : $)" : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether a thrown `Error` must become its message: for `result<T, string>` the convention is
 * "throw to return err", and QuickJS takes an Error's message as the err string while
 * StarlingMonkey traps. Throwing the message itself works on both.
 */
function errorToMessage(type: WitType | undefined, scope: readonly WitTypeDef[]): boolean {
  if (!type) return false;
  const t = resolveAlias(type, scope);
  return t.kind === 'result' && t.err !== undefined && primitive(t.err, scope) === 'string';
}

/** The conversions one function needs, or undefined when every value crosses as it is. */
export function functionConversions(fn: WitFunction, scope: readonly WitTypeDef[], raw: ValueConventions) {
  const params = fn.params.map((p) => paramConversion(p.type, scope, raw));
  const result = resultConversion(fn.result, scope, raw);
  const errMessage = errorToMessage(fn.result, scope);
  return params.some(Boolean) || result || errMessage ? { params, result, errMessage } : undefined;
}

export const apply = (conversion: Conversion, value: string) =>
  conversion ? `(${conversion.replaceAll('$', value)})` : value;
