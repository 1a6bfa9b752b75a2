import type { AppContext } from '../context.js';
import { identitiesOf } from '../openplatform/identities.js';
import type { RequestFacts } from './engine.js';

export interface RequestFactsWithCode extends RequestFacts {
  /** The `tt.login` code the request carries, if any. */
  code?: string | undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * What rules can match on, read before the handler runs: the client (X-Hydrogen-Client-ID, a body
 * `client_id`, or the client of an `appid`), the host app (`app_name`, or `host` on the fake tt
 * routes), and the person and openid — named on the fake tt routes, otherwise known from the code the
 * request carries, which is looked at without being spent.
 */
export async function readFacts(c: AppContext): Promise<RequestFactsWithCode> {
  const { platform, store } = c.get('deps');
  const body = await readBodyQuietly(c);
  const query = (name: string) => (c.req.method === 'GET' ? text(c.req.query(name)) : undefined);
  const code = text(body.code) ?? query('code');
  const subject = code ? platform.peek(code) : undefined;
  const appid = text(body.appid) ?? query('appid') ?? subject?.appid;

  let clientId: string | undefined = c.get('tenant')?.clientId ?? text(c.req.header('x-hydrogen-client-id')?.trim()) ?? text(body.client_id);
  if (!clientId && appid) clientId = platform.appByAppid(appid)?.clientId;
  const appName = text(body.app_name) ?? text(body.host) ?? subject?.host;
  const person = text(body.person) ?? subject?.person;

  let openid = subject ? identitiesOf(platform.seed, subject).openid : undefined;
  if (!openid && person && appName && clientId && Object.hasOwn(store.data.people, person) && Object.hasOwn(store.data.hostApps, appName)) {
    const app = platform.appOfClient(clientId);
    if (app) openid = identitiesOf(platform.seed, { appid: app.appid, host: appName, person, developer: app.developer }).openid;
  }
  return { method: c.req.method, clientId, appName, person, openid, code };
}

/** The JSON body, or `{}`: a body the route will refuse is the route's to refuse, not the matcher's. */
async function readBodyQuietly(c: AppContext): Promise<Record<string, unknown>> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return {};
  const type = c.req.header('content-type');
  if (type && !/json|^text\/plain/i.test(type)) return {};
  // A body over the limit throws the area's 413 here, as it would in the route.
  const raw = await c.req.text();
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
