import { Hono } from 'hono';
import { op, type AppEnv } from '../context.js';
import { listTenants } from '../dashboard/state.js';

/** Read-only views the dashboard needs besides the listings: which environments hold data, and the time. */
export const dashboardControlRoutes = new Hono<AppEnv>();

/** Every client and environment with stored data (an `X-Hydrogen-Env-ID` makes one of its own). */
dashboardControlRoutes.get('/__mock/tenants', op('tenants'), (c) => c.json({ tenants: listTenants(c.get('deps')) }));

/** The mock's time, which POST /__mock/clock moves forward. */
dashboardControlRoutes.get('/__mock/clock', op('clock'), (c) => {
  const clock = c.get('deps').clock as { advance?: unknown; now(): number };
  const now = clock.now();
  return c.json({ now: new Date(now).toISOString(), now_ms: now, adjustable: typeof clock.advance === 'function' });
});
