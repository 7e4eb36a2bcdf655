import { z } from 'zod';

const Order = z.object({
  id: z.string().uuid(),
  qty: z.number().int().positive(),
  email: z
    .string()
    .email()
    .transform((s) => s.toLowerCase()),
  when: z.coerce.date(),
  kind: z.discriminatedUnion('type', [
    z.object({ type: z.literal('a'), a: z.string() }),
    z.object({ type: z.literal('b'), b: z.number() }),
  ]),
});

// Parse, coerce and transform JSON input; report the issues' paths and codes on failure.
export function run(input: string): string {
  const result = Order.safeParse(JSON.parse(input));
  if (result.success) return `ok:${JSON.stringify({ ...result.data, when: result.data.when.toISOString() })}`;
  return `invalid:${result.error.issues.map((i) => `${i.path.join('.')}:${i.code}`).join(',')}`;
}
