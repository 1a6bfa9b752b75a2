// The ceiling: the same stack as the mock (Hono on @hono/node-server) answering a JSON POST with
// nothing else to do. Prints its URL as its first line, like `tt-baas-mock start`.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/echo', async (c) => c.json({ ok: true, echo: await c.req.json() }, 200));

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`hono-echo listening on http://127.0.0.1:${info.port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
