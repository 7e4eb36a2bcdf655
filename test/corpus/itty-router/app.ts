import { AutoRouter, error, json } from 'itty-router';

// An HTTP app (see hono): itty-router's AutoRouter with params, query, a JSON body and errors.
const router = AutoRouter();
router.get('/items/:id', ({ params, query }) => ({ id: Number(params.id), sort: query.sort ?? 'none' }));
router.post('/items', async (request) => json({ created: await request.json() }, { status: 201 }));
router.get('/teapot', () => error(418, 'short and stout'));

export default { fetch: router.fetch };
