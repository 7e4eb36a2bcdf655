import { compile, match, parse, pathToRegexp, stringify } from 'path-to-regexp';

// Match paths against route patterns, compile paths from parameters, parse and regex forms.
export function run(input: string): string {
  const routes = ['/users/:id', '/files/*path', '/blog{/:year}{/:slug}', '/a/:b-:c'];
  const matches = routes.map((r) => JSON.stringify(match(r, { decode: decodeURIComponent })(input)));
  const toPath = compile('/users/:id/files/*path');
  return [
    ...matches,
    toPath({ id: 'a b', path: ['x', 'y.txt'] }),
    pathToRegexp('/users/:id').regexp.source,
    stringify(parse('/blog{/:year}/:slug')),
  ].join('\n');
}
