import * as v from 'valibot';

const User = v.object({
  email: v.pipe(v.string(), v.trim(), v.email()),
  age: v.pipe(v.number(), v.integer(), v.minValue(18)),
  tags: v.optional(v.array(v.pipe(v.string(), v.toUpperCase())), []),
});

// Validate and transform JSON input; report flattened issues on failure.
export function run(input: string): string {
  const result = v.safeParse(User, JSON.parse(input));
  return result.success
    ? `ok:${JSON.stringify(result.output)}`
    : `invalid:${JSON.stringify(v.flatten(result.issues).nested)}`;
}
