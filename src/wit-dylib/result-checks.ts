import type { WitType, WitTypeDef } from '../wit/world.js';

/**
 * A cheap check, at the export boundary, that the user's result has the JavaScript type its WIT
 * result needs. Without it a wrong type is an engine panic far from the code (QuickJS:
 * `FromJs { from: "float", to: "string" }`) or a silently wrong value (`$ | 0` turns a string into
 * 0). One `typeof` (or `Array.isArray`) per call, only on the top-level value: nested values keep
 * the engine's own checks.
 */
export interface ResultCheck {
  /** A JavaScript condition on `$` (the result) that holds when its type is right. */
  test: string;
  /** The WIT type, as the user wrote it: `string`, `list<u8>`, `point`. */
  expected: string;
}

const NUMBER = "typeof $ === 'number'";

export function resultCheck(type: WitType | undefined, scope: readonly WitTypeDef[]): ResultCheck | undefined {
  if (!type) return undefined;
  const test = testFor(type, scope, 0);
  return test ? { test, expected: witTypeText(type) } : undefined;
}

function testFor(type: WitType, scope: readonly WitTypeDef[], depth: number): string | undefined {
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'bool':
          return "typeof $ === 'boolean'";
        case 'string':
        case 'char':
          return "typeof $ === 'string'";
        case 'u64':
        case 's64':
          return "(typeof $ === 'bigint' || typeof $ === 'number')";
        case 'error-context':
          return undefined;
        default:
          return NUMBER;
      }
    case 'list':
      return '(Array.isArray($) || ArrayBuffer.isView($))';
    case 'tuple':
      return 'Array.isArray($)';
    case 'named': {
      const def = scope.find((d) => d.name === type.name);
      if (!def || depth > 10) return undefined;
      if (def.kind === 'alias') return testFor(def.type, scope, depth + 1);
      if (def.kind === 'enum') return "typeof $ === 'string'";
      if (def.kind === 'record' || def.kind === 'variant' || def.kind === 'flags')
        return "(typeof $ === 'object' && $ !== null)";
      return undefined;
    }
    // An option may be none (null or undefined) or the value; a result's ok/err is the
    // return/throw convention; handles, streams and futures are the engine's to check.
    default:
      return undefined;
  }
}

/** A WIT type in WIT syntax, for messages. */
export function witTypeText(type: WitType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'named':
      return type.name;
    case 'list':
      return `list<${witTypeText(type.element)}>`;
    case 'option':
      return `option<${witTypeText(type.some)}>`;
    case 'tuple':
      return `tuple<${type.elements.map(witTypeText).join(', ')}>`;
    case 'result':
      return `result<${type.ok ? witTypeText(type.ok) : '_'}, ${type.err ? witTypeText(type.err) : '_'}>`;
    case 'stream':
    case 'future':
      return type.element ? `${type.kind}<${witTypeText(type.element)}>` : type.kind;
    case 'handle':
      return type.mode === 'borrow' ? `borrow<${type.resource}>` : type.resource;
  }
}

/**
 * The one helper every check calls when it fails, appended once to the bundle: a TypeError that
 * names the function, the WIT type and where the function is, thrown at the boundary (the
 * engines print it, with its stack, and trap).
 */
export const WRONG_RESULT_HELPER = `function __componentize_wrong_result(name, expected, at, value) {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : \`a \${typeof value} (\${String(value).slice(0, 40)})\`;
  throw new TypeError(\`\${name} returned \${got}, but its WIT result type is \${expected}\${at ? \` (\${name} is at \${at})\` : ''}\`);
}`;
