import { parseCookie, parseSetCookie, stringifyCookie, stringifySetCookie } from 'cookie';

// Parse a Cookie header and build and parse a Set-Cookie header with a fixed expiry date.
export function run(input: string): string {
  const cookies = parseCookie(input);
  const header = stringifySetCookie({
    name: 'session',
    value: 'a b;c',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 3600,
    expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
  });
  return [
    JSON.stringify(cookies),
    stringifyCookie({ a: '1', b_c: 'x y;z' }),
    header,
    JSON.stringify(parseSetCookie(header)),
  ].join('\n');
}
