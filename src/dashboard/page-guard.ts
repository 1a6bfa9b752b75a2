import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { controlGuard, sameSecret } from '../control/guard.js';
import { ControlError } from '../errors.js';

/**
 * The control API's access rule, for the page: it shows every user, so it is guarded like the data it
 * shows. A browser cannot put a header on the address it opens, so with a control token the page also
 * takes `?token=<token>`; its script then sends the token as `Authorization: Bearer` on every call.
 */
export const pageGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = c.get('deps').options.controlToken;
  const given = c.req.query('token');
  if (token === null || given === undefined || c.req.header('authorization') !== undefined) return controlGuard(c, next);
  if (!sameSecret(given, token)) {
    throw new ControlError(403, 'the control token in the address is not the right one', 'Open the dashboard as /?token=<token>, with the value given to --control-token.');
  }
  // A link on another site that carries the token still must not open the page in the developer's browser.
  if (c.req.header('sec-fetch-site') === 'cross-site') {
    throw new ControlError(403, 'the dashboard refuses to open from a link on another site', 'Type or paste its address into the browser.');
  }
  await next();
};
