// An HTTP handler for `wasi:http/proxy` (built in: no wit/ folder): a `fetch` handler as in a
// Cloudflare or Deno worker.
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const name = /^\/hello\/([^/]+)$/.exec(url.pathname)?.[1];
    if (name) return Response.json({ message: `Hello, ${decodeURIComponent(name)}!` });
    return new Response(`no route for ${url.pathname}\n`, { status: 404 });
  },
};
