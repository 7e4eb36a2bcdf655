import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveComponent, type ServedComponent } from 'componentize/test';

let server: ServedComponent;

beforeAll(async () => {
  // Builds src/app.ts into a component (through the build cache, against wasi:http/proxy) and
  // serves it on 127.0.0.1 on a free port, a fresh instance per request, like `componentize serve`.
  server = await serveComponent('src/app.ts', { engine: '{{engine}}' });
});

afterAll(() => server?.close());

describe('the HTTP component', () => {
  it('answers GET / with text', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('Hello from a WebAssembly component!\n');
  });

  it('reads a path parameter and the query, and answers JSON', async () => {
    const response = await fetch(`${server.url}/hello/J%C3%BCrgen?greeting=Hi`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Hi, Jürgen!' });
  });

  it('reads a JSON body', async () => {
    const response = await fetch(`${server.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 1 }) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ received: { n: 1 } });
  });

  it('is a 404 for an unknown route and a 405 for another method', async () => {
    const missing = await fetch(`${server.url}/nowhere`);
    expect([missing.status, await missing.text()]).toEqual([404, 'no route for /nowhere\n']);
    const post = await fetch(`${server.url}/`, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, POST /echo']);
    expect(server.log.filter((entry) => entry.kind === 'request').map((entry) => entry.status)).toContain(404);
  });
});
