// JSON cannot carry BigInt, typed arrays or undefined; these tag them so results cross the
// process boundary exactly.
export function encode(value) {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0)))
    return { $number: Object.is(value, -0) ? '-0' : String(value) };
  if (value === undefined) return { $undefined: true };
  if (value instanceof Uint8Array) return { $bytes: [...value] };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

export function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    if ('$bigint' in value) return BigInt(value.$bigint);
    if ('$number' in value) return Number(value.$number);
    if ('$undefined' in value) return undefined;
    if ('$bytes' in value) return new Uint8Array(value.$bytes);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}
