import { camelCase, chunk, groupBy, orderBy, template, uniqBy, zipObject } from 'lodash-es';

// Collection helpers plus a compiled template (lodash builds it with the Function constructor).
// The template loops in plain JavaScript, not with `_.forEach`: lodash-es fills the template's
// `_` with every function only as a side effect of its `lodash.default.js`, and its package.json
// says `sideEffects: false`, so a bundler (esbuild here) rightly drops that and `_` is `{ escape }`.
export function run(input: string): string {
  const words = input.split(',');
  const compiled = template('<% for (const i of items) { %><li><%- i %></li><% } %>');
  return JSON.stringify({
    chunks: chunk(orderBy(words, [(w) => w.length, (w) => w], ['desc', 'asc']), 2),
    byLength: groupBy(words, 'length'),
    uniq: uniqBy(words, (w) => w[0]),
    zipped: zipObject(words, words.map(camelCase)),
    html: compiled({ items: words }),
  });
}
