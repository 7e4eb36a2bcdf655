import Ajv from 'ajv';

const ajv = new Ajv({ allErrors: true, useDefaults: true });
const validate = ajv.compile({
  type: 'object',
  properties: {
    id: { type: 'integer', minimum: 1 },
    name: { type: 'string', pattern: '^[a-z]+$' },
    role: { enum: ['admin', 'user'], default: 'user' },
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
  },
  required: ['id', 'name'],
  additionalProperties: false,
});

// Compile a schema (ajv generates code with the Function constructor) and validate JSON input.
export function run(input: string): string {
  const data = JSON.parse(input);
  const ok = validate(data);
  return ok ? `valid:${JSON.stringify(data)}` : `invalid:${ajv.errorsText(validate.errors)}`;
}
