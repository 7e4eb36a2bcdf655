import SuperJSON from 'superjson';

class Point {
  x: number;
  y: number;
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }
}
SuperJSON.registerClass(Point, { identifier: 'Point' });

// Round-trip values JSON cannot hold (Date, Map, Set, BigInt, undefined, RegExp, a class).
export function run(input: string): string {
  const value = {
    when: new Date(input),
    map: new Map([['k', 1n]]),
    set: new Set([1, 2]),
    nothing: undefined,
    re: /a+b/gi,
    p: new Point(1, 2),
    inf: -Infinity,
  };
  const text = SuperJSON.stringify(value);
  const back = SuperJSON.parse<typeof value>(text);
  return `${text}\n${back.when.toISOString()}|${back.map.get('k')}|${back.set.has(2)}|${'nothing' in back}|${back.re.flags}|${back.p instanceof Point}|${back.inf}`;
}
