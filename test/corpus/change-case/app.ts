import {
  camelCase,
  capitalCase,
  constantCase,
  dotCase,
  kebabCase,
  pascalCase,
  pascalSnakeCase,
  sentenceCase,
  snakeCase,
  split,
  trainCase,
} from 'change-case';

// Every case style over words split from mixed input (change-case splits with Unicode regexes).
export function run(input: string): string {
  const cases = [
    camelCase,
    capitalCase,
    constantCase,
    dotCase,
    kebabCase,
    pascalCase,
    pascalSnakeCase,
    sentenceCase,
    snakeCase,
    trainCase,
  ];
  return [
    JSON.stringify(split(input)),
    ...cases.map((f) => f(input)),
    camelCase(input, { mergeAmbiguousCharacters: true }),
  ].join('\n');
}
