import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { op, type AppEnv } from '../context.js';
import { ControlError } from '../errors.js';
import { pageGuard } from './page-guard.js';
import { contentPolicy, renderPage, renderRefusal } from './page.js';
import { readState } from './state.js';

/**
 * The dashboard, at / and /__mock/: what the mock holds, and buttons to steer it. The page guards itself
 * (so it can take the control token in its address) and is mounted before the control API's guard.
 */
export const dashboardPage = new Hono<AppEnv>();

async function servePage(c: Context<AppEnv>) {
  const nonce = randomBytes(16).toString('base64');
  c.header('content-security-policy', contentPolicy(nonce));
  c.header('cache-control', 'no-store');
  c.header('x-content-type-options', 'nosniff');
  // The address may carry the control token: no other site may learn it from a Referer.
  c.header('referrer-policy', 'no-referrer');
  try {
    await pageGuard(c, async () => {});
  } catch (err) {
    if (err instanceof ControlError) return c.html(renderRefusal(err.error, err.hint, nonce), err.status as 403);
    throw err;
  }
  const state = readState(c.get('deps'), { client: c.req.query('client'), env: c.req.query('env') });
  return c.html(renderPage(state, nonce));
}

for (const path of ['/', '/__mock', '/__mock/']) dashboardPage.get(path, op('dashboard'), servePage);
