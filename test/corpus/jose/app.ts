import { base64url, decodeJwt, decodeProtectedHeader, errors } from 'jose';

// jose's synchronous API: decode a JWT's header and claims, and base64url bytes.
export function run(input: string): string {
  try {
    return JSON.stringify({ header: decodeProtectedHeader(input), claims: decodeJwt(input), b64: base64url.encode('héllo?'), back: new TextDecoder().decode(base64url.decode('aMOpbGxvPw')) });
  } catch (error) {
    return `${error instanceof errors.JWTInvalid}:${(error as Error).message}`;
  }
}
