// The HTTP handler: the world is `wasi:http/proxy` (built in, no wit/ folder), answered by a
// `fetch` handler that takes a Request and returns a Response, as in a Cloudflare or Deno worker.
// It answers synchronously: the QuickJS engine runs no promise jobs before a request returns, so an
// `async` handler (or `await request.json()`) cannot finish there; StarlingMonkey runs both.

/** `/hello/:name` → `{ name }`, or undefined when the path has another shape. */
function helloParams(pathname: string): { name: string } | undefined {
  const match = /^\/hello\/([^/]+)$/.exec(pathname);
  return match ? { name: decodeURIComponent(match[1]!) } : undefined;
}

export default {
  fetch(request: Request): Response {
    const url = new URL(request.url);
    if (request.method !== 'GET') return new Response('method not allowed\n', { status: 405, headers: { allow: 'GET' } });
    if (url.pathname === '/') return new Response('Hello from a WebAssembly component!\n', { headers: { 'content-type': 'text/plain' } });
    const hello = helloParams(url.pathname);
    if (hello) {
      const greeting = url.searchParams.get('greeting') ?? 'Hello';
      return Response.json({ message: `${greeting}, ${hello.name}!` });
    }
    return new Response(`no route for ${url.pathname}\n`, { status: 404 });
  },
};
