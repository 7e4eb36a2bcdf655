import jwt from 'jsonwebtoken';

// A 2048-bit RSA key made for this test only (Node's generateKeyPairSync, exported as PKCS#8 and SPKI PEM).
const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCYvEgspAz8K1pr
gCz50fecuTY3wk4Hlfl3u/GuGORzyN37p4FXtAFnHozioKCFGWFqKy5PVzTkjN4H
9oxdOsWrUie6Z5P5HN8ky+vpnGXWCQusv0fgQe9ZgGr5d8UCLWNiQzP8UcwOcfm4
D7B1CJ5rO5OS1MOyvII+/ONGjd5nXMoPJtJ2suf3B++SpSKucWO4oI1u2vm68Xx1
jlfgApZOvSLlvbaEWg8eCXnxZ/fsPYGKKtls5s91z4AwGAKft5Xy0zitmQ90/dWC
0FUWS95e8l3SGNsiSlK+O+RNP07SbF9R3S4qSJ8bMrDZUHWoQMHPurMsIARqcmBt
//caLyLvAgMBAAECggEAAWOU9HL5e0GZrOiZgBwcuFwm1hL6Sq9eeWxIImEvkq38
9tDrKDUG3j004sq7Kvq0HBcQcMBGRt3RFxly5VYnfgtdOSDAA7/zd44zMwitFGk4
pfWHXc67soCseGBSdlabVMVvr5e+11LKBpZ98FKHvknoaaltri5wsMnz9yxLHX2C
7z+wq2diefgLDHC3Gcd4/RVe/MZp98YzBzeII8pM8wLosT3UNwMZM7q1AK0NSxT4
0KDEWJuHpXD1LqV8wD1l81NUVStf4TaeZpaj2NeCWlDifrlEMsyNeBzPRBiZCwiD
bxgfrvpm2B3TtiMyuuaEgeQeODWFTMk8+bO7H7qNQQKBgQDO4qu4i3XkCY7VWecD
mZa+H8RzbJMwQAKS3XrsLhyn2tCTqcEYQl+7aEfrI06emKY287ESF67qWaNUduoG
X+W/Epqmv1fTUfONSVCOka767FnuLWcb0tzN7ras08igCwal16SY6nIUd/1gY/JE
tokHuPwDWmVYEFuH3ZrwG1cChwKBgQC8/q6uEQOCfLaEiZiFGOcz9lfGngcJ1DQm
1ov3J2Z5Dp2nOS+JR21ZXivEVPK0VFYMDFi3R4bRyylTaP/a3PayfAUsWOdxJWc5
9gudgXP/3yogxyjCt+kbuDS7YXfpWny37YZsZnWLRiQ0+9mF8uZe2leNUPtQTPjh
nB46xW0uWQKBgH5dmYHpPSMCa4oJlb9vKtIKWVYfNXA9SNUoDxL/v2UPlGL9RwJo
WE0CDxuivzzEBJKAGuHwMVjXU5od4Cfwn0YsOOYs7ZoX7mmYJGpQtc5yWyPN+7LV
AyWN72p1GZAX7AGUS+dTHEdAWzVrFum9jMl4xgXOSySVKTM9uot6R5U1AoGAMglf
p/gbLMXl8KsZNUvFko1K6evWwzRqZknxHotQ5wYGmUpbmoXNnpZ/EejHpRSa/2+Z
YVTPjeWy2EF5U7GiotiQ6g/TnrIfZUoOAzJNytWDqs/vq7XTQqJ/W4jPnXl2gZ+i
MjriLfBxD5IKIhuQAFbgTSq+jqECV4Dkw/yXDmkCgYEAgwGJSAEStlB2laFfwFLb
irRzyDiBGfLCQfKzRWOyQdnOtrIAB49n+eRm23bugd8e6l6Az+Ajwqs5ne/Y/OLV
xTcjLIaw0lfXaj9V6exmw/1Tf23mwhKkbMKX2lKjCrS9ScvYiHrz0LXmmI40weVW
ZXueMa8FPI5dnlkHmM/O6jI=
-----END PRIVATE KEY-----
`;
const PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmLxILKQM/Ctaa4As+dH3
nLk2N8JOB5X5d7vxrhjkc8jd+6eBV7QBZx6M4qCghRlhaisuT1c05IzeB/aMXTrF
q1InumeT+RzfJMvr6Zxl1gkLrL9H4EHvWYBq+XfFAi1jYkMz/FHMDnH5uA+wdQie
azuTktTDsryCPvzjRo3eZ1zKDybSdrLn9wfvkqUirnFjuKCNbtr5uvF8dY5X4AKW
Tr0i5b22hFoPHgl58Wf37D2BiirZbObPdc+AMBgCn7eV8tM4rZkPdP3VgtBVFkve
XvJd0hjbIkpSvjvkTT9O0mxfUd0uKkifGzKw2VB1qEDBz7qzLCAEanJgbf/3Gi8i
7wIDAQAB
-----END PUBLIC KEY-----
`;

// HS256 and RS256 (both deterministic) sign without the time claim (so the token is
// deterministic), verify and decode; a wrong key must be refused.
export function run(input: string): string {
  const token = jwt.sign(JSON.parse(input), 'secret', { algorithm: 'HS256', noTimestamp: true, issuer: 'corpus' });
  let bad = '';
  try {
    jwt.verify(token, 'wrong');
  } catch (error) {
    bad = (error as Error).message;
  }
  const rs = jwt.sign(JSON.parse(input), PRIVATE_KEY, { algorithm: 'RS256', noTimestamp: true });
  let badRs = '';
  try {
    jwt.verify(`${rs.slice(0, -4)}AAAA`, PUBLIC_KEY);
  } catch (error) {
    badRs = (error as Error).message;
  }
  return [
    token,
    JSON.stringify(jwt.verify(token, 'secret', { issuer: 'corpus' })),
    JSON.stringify(jwt.decode(token, { complete: true })?.header),
    bad,
    rs,
    JSON.stringify(jwt.verify(rs, PUBLIC_KEY, { algorithms: ['RS256'] })),
    badRs,
  ].join('\n');
}
