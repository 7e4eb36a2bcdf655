import { buildSchema, graphqlSync, parse, print, validate } from 'graphql';

const schema = buildSchema(`
  type Book { title: String!, author: Author!, year: Int }
  type Author { name: String!, books: [Book!]! }
  type Query { books(minYear: Int): [Book!]!, author(name: String!): Author }
`);
const authors: Record<string, { name: string }> = { ada: { name: 'Ada' }, bob: { name: 'Bob' } };
const books = [
  { title: 'Notes', author: 'ada', year: 1843 },
  { title: 'Later', author: 'bob', year: 1999 },
];
const root = {
  books: ({ minYear = 0 }: { minYear?: number }) =>
    books.filter((b) => b.year >= minYear).map((b) => ({ ...b, author: authors[b.author] })),
  author: ({ name }: { name: string }) => {
    const a = authors[name];
    return a && { ...a, books: books.filter((b) => b.author === name).map((b) => ({ ...b, author: a })) };
  },
};

// Parse, validate, print and execute a query against a schema built from SDL.
export function run(input: string): string {
  const document = parse(input);
  const errors = validate(schema, document).map((e) => e.message);
  const result = graphqlSync({ schema, source: input, rootValue: root });
  return `${print(document)}\n${JSON.stringify(errors)}\n${JSON.stringify(result)}`;
}
