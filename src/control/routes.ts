import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { op, type AppEnv } from '../context.js';
import { ControlError, controlFieldError } from '../errors.js';
import { identitiesOf } from '../openplatform/identities.js';
import { checkData, StoreError } from '../store/check-data.js';
import { VERSION } from '../version.js';
import { Fields, readJsonObject } from '../validate.js';

/** The mock's own API under /__mock/: health, state in and out, reset, and what the fixtures hold. */
export const controlRoutes = new Hono<AppEnv>();

controlRoutes.get('/__mock/health', op('health'), (c) => c.json({ status: 'ok', version: VERSION }));

controlRoutes.get('/__mock/export', op('export'), (c) => {
  c.header('content-disposition', 'attachment; filename="tt-baas-mock-snapshot.json"');
  return c.json(c.get('deps').store.data);
});

// A snapshot holds every user, so it may be far larger than an API body.
const IMPORT_LIMIT = 512 * 1024 * 1024;

controlRoutes.post(
  '/__mock/import',
  op('import'),
  bodyLimit({ maxSize: IMPORT_LIMIT, onError: () => { throw new ControlError(413, 'body: the snapshot is larger than 512 MiB'); } }),
  async (c) => {
    const body = await readJsonObject(c, controlFieldError);
    let data;
    try {
      data = checkData(body);
    } catch (err) {
      if (err instanceof StoreError) throw new ControlError(400, `body: not a tt-baas-mock snapshot: ${err.message}`, 'Make one with GET /__mock/export or `tt-baas-mock export`.', 'body');
      throw err;
    }
    await c.get('deps').store.replace(data);
    c.get('deps').platform.clear();
    return c.json({ status: 'ok', ...c.get('deps').store.stats() });
  },
);

controlRoutes.post('/__mock/reset', op('reset'), async (c) => {
  const f = new Fields(await readJsonObject(c, controlFieldError), controlFieldError);
  const clientId = f.optionalString('client_id');
  await c.get('deps').reset(clientId);
  return c.json({ status: 'ok', reset: clientId ?? 'all' });
});

controlRoutes.get('/__mock/clients', op('clients'), (c) => {
  const { store, platform } = c.get('deps');
  const ids = new Set([
    ...Object.keys(store.data.clients),
    ...Object.values(store.data.tenants).map((t) => t.clientId),
    ...platform.derivedClientIds(),
  ]);
  const clients = [...ids].map((id) => {
    const app = platform.appOfClient(id);
    return app && { client_id: id, name: store.client(id)?.name ?? null, appid: app.appid, secret: app.secret, derived: app.derived };
  });
  return c.json({ clients: clients.filter(Boolean) });
});

/** The fake people, with the openid each has in every host app of one client's mini-program. */
controlRoutes.get('/__mock/people', op('people'), (c) => {
  const { store, platform } = c.get('deps');
  const clientId = c.req.query('client_id') ?? Object.keys(store.data.clients)[0];
  const app = clientId ? platform.appOfClient(clientId) : undefined;
  if (!app) throw new ControlError(400, `client_id: unknown client ${clientId ?? ''}`, undefined, 'client_id');
  const people = Object.entries(store.data.people).map(([name, p]) => ({
    name,
    ...p,
    identities: Object.fromEntries(
      Object.keys(store.data.hostApps).map((host) => [host, identitiesOf(platform.seed, { appid: app.appid, host, person: name, developer: app.developer })]),
    ),
  }));
  return c.json({ client_id: app.clientId, appid: app.appid, host_apps: store.data.hostApps, people });
});
