import {
  array,
  assert,
  coerce,
  create,
  defaulted,
  number,
  object,
  optional,
  refine,
  size,
  string,
  validate,
} from 'superstruct';

const Email = refine(string(), 'email', (value) => /^[^@\s]+@[^@\s]+$/.test(value));
const User = object({
  name: size(string(), 1, 20),
  email: Email,
  age: coerce(number(), string(), (s) => Number(s)),
  roles: defaulted(array(string()), () => ['user']),
  note: optional(string()),
});

// Create (with coercion and defaults), then validate and report the failures' paths.
export function run(input: string): string {
  const [error, value] = validate(JSON.parse(input), User, { coerce: true });
  if (error)
    return `invalid:${error
      .failures()
      .map((f) => `${f.path.join('.')}:${f.refinement ?? f.type}`)
      .join(',')}`;
  assert(value, User);
  return `ok:${JSON.stringify(create({ name: 'x', email: 'a@b', age: '3' }, User))}:${JSON.stringify(value)}`;
}
