// The HTTP handler: the world is `wasi:http/proxy` (built in, no wit/ folder), answered by a
// `fetch` handler that takes a Request and returns a Response (or a promise of one), as in a
// Cloudflare or Deno worker. The same source runs on every engine.

/** `/hello/:name` → `{ name }`, or undefined when the path has another shape. */
function helloParams(pathname: string): { name: string } | undefined {
  const match = /^\/hello\/([^/]+)$/.exec(pathname);
  return match ? { name: decodeURIComponent(match[1]!) } : undefined;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/echo') {
      const body = (await request.json()) as unknown;
      return Response.json({ received: body }, { status: 201 });
    }
    if (request.method !== 'GET') return new Response('method not allowed\n', { status: 405, headers: { allow: 'GET, POST /echo' } });
    if (url.pathname === '/') return new Response('Hello from a WebAssembly component!\n', { headers: { 'content-type': 'text/plain' } });
    const hello = helloParams(url.pathname);
    if (hello) {
      const greeting = url.searchParams.get('greeting') ?? 'Hello';
      return Response.json({ message: `${greeting}, ${hello.name}!` });
    }
    return new Response(`no route for ${url.pathname}\n`, { status: 404 });
  },
};
