import { Hono } from 'hono';

// An HTTP app: built against wasi:http/proxy and served (case.json says "http"); in Node the
// runner calls the same default export's fetch with the same requests.
const app = new Hono();
app.use('*', async (c, next) => {
  await next();
  c.header('x-powered', 'hono');
});
app.get('/hello/:name', (c) => c.json({ hello: c.req.param('name'), q: c.req.query('q') ?? null }));
app.get('/text', (c) => c.text('plain', 201));
app.post('/echo', async (c) => c.json({ got: await c.req.json() }));
app.notFound((c) => c.text(`no route for ${c.req.path}`, 404));

export default app;
