import jwt from 'jsonwebtoken';

// HS256 sign without the time claim (so the token is deterministic), verify and decode.
export function run(input: string): string {
  const token = jwt.sign(JSON.parse(input), 'secret', { algorithm: 'HS256', noTimestamp: true, issuer: 'corpus' });
  let bad = '';
  try {
    jwt.verify(token, 'wrong');
  } catch (error) {
    bad = (error as Error).message;
  }
  return [
    token,
    JSON.stringify(jwt.verify(token, 'secret', { issuer: 'corpus' })),
    JSON.stringify(jwt.decode(token, { complete: true })?.header),
    bad,
  ].join('\n');
}
