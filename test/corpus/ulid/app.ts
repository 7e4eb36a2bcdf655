import { decodeTime, encodeTime, isValid, monotonicFactory, ulid } from 'ulid';

// ULIDs at a fixed time: the time part is deterministic, the random part is reported by shape;
// a monotonic factory must give sorted IDs within one millisecond. (No time 0: ulid reads a falsy
// time as "now".)
export function run(input: string): string {
  const time = Number(input);
  const id = ulid(time);
  const next = monotonicFactory();
  const ids = Array.from({ length: 5 }, () => next(time));
  return [
    id.slice(0, 10),
    encodeTime(time, 10),
    decodeTime(id),
    isValid(id),
    id.length,
    ids.every((x, i) => i === 0 || x > ids[i - 1]!),
  ].join('|');
}
