import type { ValueConventions } from './adapter.js';
import type { WitFunction, WitType, WitTypeDef } from '../wit/world.js';

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

/** How a parameter reaches the user's function. */
export function paramConversion(type: WitType, scope: readonly WitTypeDef[], raw: ValueConventions): Conversion {
  switch (primitive(type, scope)) {
    case 'u32':
      return raw.u32 === 'signed' ? '$ >>> 0' : undefined;
    case 'u64':
      // QuickJS gives a number (already rounded above 2^53); the top 2^31 values arrive negative.
      return raw.int64 === 'number' ? "(typeof $ === 'number' ? ($ < 0 ? BigInt($) + 18446744073709551616n : BigInt($)) : $)" : undefined;
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
export function resultConversion(type: WitType | undefined, scope: readonly WitTypeDef[], raw: ValueConventions): Conversion {
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

export const apply = (conversion: Conversion, value: string) => (conversion ? `(${conversion.replaceAll('$', value)})` : value);
