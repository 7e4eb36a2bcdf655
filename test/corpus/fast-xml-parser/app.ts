import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

// Validate, parse with attributes, and build XML back from the parsed object.
export function run(input: string): string {
  const valid = XMLValidator.validate(input);
  if (valid !== true) return `invalid:${valid.err.code}:${valid.err.line}`;
  const options = { ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: true };
  const data = new XMLParser(options).parse(input);
  return `${JSON.stringify(data)}\n${new XMLBuilder({ ...options, format: true }).build(data)}`;
}
