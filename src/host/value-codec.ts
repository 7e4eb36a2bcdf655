/**
 * The one encoding of invoke values (call arguments and results) between processes: `--verify`
 * and `compare` send their call to a child Node, which may be another Node version than the
 * build's (src/verify/component-node.ts). Plain JSON cannot carry what WIT values are in JS —
 * BigInt (u64/s64) and typed arrays (list<u8>, numeric lists), at any depth inside records,
 * variants and lists — and V8's structured-clone format is not promised to read across Node
 * versions, so values travel as JSON with tagged objects for those two.
 */

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;

type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** A tagged value: WIT field names are kebab-case, so no record field starts with `$`. */
type Tagged = { $bigint: string } | { $typed: TypedArrayName; values: (number | string)[] };

export function encodeValue(value: unknown): string {
  return JSON.stringify(value, (_, raw: unknown) => {
    if (typeof raw === 'bigint') return { $bigint: raw.toString() } satisfies Tagged;
    if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
      const name = raw.constructor.name as TypedArrayName;
      const values = [...(raw as unknown as Iterable<number | bigint>)].map((x) =>
        typeof x === 'bigint' ? x.toString() : x,
      );
      return { $typed: name, values } satisfies Tagged;
    }
    return raw;
  });
}

export function decodeValue(text: string): unknown {
  return JSON.parse(text, (_, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    if ('$bigint' in v && typeof v.$bigint === 'string') return BigInt(v.$bigint);
    if (
      '$typed' in v &&
      typeof v.$typed === 'string' &&
      v.$typed in TYPED_ARRAYS &&
      'values' in v &&
      Array.isArray(v.values)
    ) {
      const Ctor = TYPED_ARRAYS[v.$typed as TypedArrayName] as unknown as { from(values: unknown[]): unknown };
      const bigints = v.$typed.startsWith('Big');
      return Ctor.from(v.values.map((x: unknown) => (bigints ? BigInt(x as string) : x)));
    }
    return v;
  });
}

/** A value as the user reads it: JSON, with BigInt as `123n` and any typed array as a list. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(no value)';
  return (
    JSON.stringify(value, (_, v: unknown) =>
      typeof v === 'bigint'
        ? `${v}n`
        : ArrayBuffer.isView(v) && !(v instanceof DataView)
          ? [...(v as unknown as Iterable<number | bigint>)]
          : v,
    ) ?? String(value)
  );
}
