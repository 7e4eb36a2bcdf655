import ms from 'ms';

// Parse duration strings to milliseconds and format milliseconds back, short and long.
export function run(input: string): string {
  return input
    .split(',')
    .map((s) => {
      const value = ms(s as ms.StringValue);
      return `${s}=${value}=${ms(value ?? 0)}=${ms(value ?? 0, { long: true })}`;
    })
    .join('|');
}
