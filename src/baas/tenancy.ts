import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { BaasError } from '../errors.js';
import { isTenantId, tenantKey } from '../store/schema.js';
import { requestHeader } from '../request-header.js';

/**
 * Picks the 知晓云 app of a request from `X-Hydrogen-Client-ID` (and its environment from
 * `X-Hydrogen-Env-ID`). A client ID the store does not know gets its own empty namespace, so parallel
 * test jobs can share one mock; with --strict-clients it is refused. 401 for a missing or unknown client
 * follows the contract's recommendation (B2).
 */
export const tenancy: MiddlewareHandler<AppEnv> = (c, next) => {
  const clientId = requestHeader(c, 'x-hydrogen-client-id')?.trim();
  if (!clientId) {
    throw new BaasError(401, 'X-Hydrogen-Client-ID: header is required (the client ID passed to BaaS.init)');
  }
  if (!isTenantId(clientId)) throw new BaasError(401, 'X-Hydrogen-Client-ID: is not a valid client ID');
  const envId = requestHeader(c, 'x-hydrogen-env-id')?.trim() ?? '';
  if (envId && !isTenantId(envId)) throw new BaasError(400, 'X-Hydrogen-Env-ID: is not a valid environment ID');
  const app = c.get('deps').platform.appOfClient(clientId);
  if (!app) throw new BaasError(401, `X-Hydrogen-Client-ID: unknown client ID ${clientId} (this mock runs with --strict-clients)`);
  c.set('tenant', { clientId, envId, key: tenantKey(clientId, envId), app });
  // Not async: a layer that only passes the request on need not add a promise of its own.
  return next();
};
