import { all, create } from 'mathjs';

const math = create(all, { number: 'number', precision: 14 });

// Evaluate expressions with units and matrices, simplify and differentiate symbolically.
export function run(input: string): string {
  return input
    .split('\n')
    .map((expr) => {
      const value = math.evaluate(expr);
      return math.format(value, { precision: 10 });
    })
    .concat(math.simplify('2x + 3x * y / y').toString(), math.derivative('x^3 + sin(x)', 'x').toString())
    .join('\n');
}
