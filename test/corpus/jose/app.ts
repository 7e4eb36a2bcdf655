import { base64url, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';

// jose's signing and verifying are async (WebCrypto's crypto.subtle), which the sync `run` world
// cannot await: so this app is an HTTP handler (served over wasi:http/proxy, see hono), where the
// handler may be async. HS256 with a fixed `iat` and a fixed verification date is deterministic.
const secret = new TextEncoder().encode('a-string-secret-at-least-256-bits-long');
const now = new Date(Date.UTC(2024, 0, 1));

async function handle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/sign') {
    const claims = await request.json();
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(new Date(Date.UTC(2024, 0, 2)))
      .sign(secret);
    return Response.json({ token, header: decodeProtectedHeader(token), claims: decodeJwt(token) });
  }
  if (url.pathname === '/verify') {
    try {
      const { payload } = await jwtVerify(url.searchParams.get('token') ?? '', secret, { currentDate: now });
      return Response.json({ ok: true, payload });
    } catch (error) {
      return Response.json({ ok: false, code: (error as { code?: string }).code }, { status: 401 });
    }
  }
  return new Response(base64url.encode(url.pathname), { status: 404 });
}

export default { fetch: handle };
