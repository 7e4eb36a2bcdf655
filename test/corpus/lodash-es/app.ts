import { camelCase, chunk, groupBy, orderBy, template, uniqBy, zipObject } from 'lodash-es';

// Collection helpers plus a compiled template (lodash builds it with the Function constructor).
export function run(input: string): string {
  const words = input.split(',');
  const compiled = template('<% _.forEach(items, function(i) { %><li><%- i %></li><% }); %>');
  return JSON.stringify({
    chunks: chunk(orderBy(words, [(w) => w.length, (w) => w], ['desc', 'asc']), 2),
    byLength: groupBy(words, 'length'),
    uniq: uniqBy(words, (w) => w[0]),
    zipped: zipObject(words, words.map(camelCase)),
    html: compiled({ items: words }),
  });
}
