import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../context.js';
import { BaasError, INTERNAL_BAAS_ERROR } from '../errors.js';
import { FAULT_HEADER, mayFault } from '../faults/apply.js';
import { isTenantId, tenantKey } from '../store/schema.js';
import { loginWithTt, type TtLoginResult } from './bytedance-login.js';
import { SILENT_LOGIN_PATH, ttLoginAnswer } from './bytedance-routes.js';

/**
 * Where a request the direct path does not take goes: the Hono app's Node listener. A body already
 * read goes along as `rawBody`, which @hono/node-server reads instead of the stream.
 */
export type Fallback = (req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse) => unknown;

/**
 * Silent login of the plain kind, answered on Node's request and response: the call CI makes most,
 * and one where Hono's routing, context, middleware chain and response objects cost more than the
 * login itself (BENCHMARKS.md). It answers exactly as the Hono route does (a test sends every case
 * both ways), and takes only requests it can answer so: no fault rule for the operation or for
 * code2session, no X-Mock-Fault header, a body declared by its length and within the limit, a client
 * ID the mock knows how to serve, a JSON object whose fields have the right types. Anything else goes
 * to `fallback`, with the body if it was read, and gets the Hono route's answer, errors included.
 *
 * Returns false, having done nothing, when the request is not a silent login at all.
 */
export function directSilentLogin(deps: Deps, fallback: Fallback): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { faults, options } = deps;
  return (req, res) => {
    if (req.url !== SILENT_LOGIN_PATH || req.method !== 'POST') return false;
    const started = performance.now();
    const h = req.headers;
    const length = h['content-length'];
    const type = h['content-type'];
    const clientId = h['x-hydrogen-client-id'];
    const envId = h['x-hydrogen-env-id'] ?? '';
    if (
      mayFault(faults, 'silent-login', h[FAULT_HEADER]?.toString()) ||
      // No length: a chunked body, which only the Hono app's meter can hold to the limit as it comes.
      length === undefined ||
      parseInt(length, 10) > options.bodyLimitBytes ||
      (type !== undefined && !/json/i.test(type)) ||
      typeof clientId !== 'string' ||
      !isTenantId(clientId) ||
      typeof envId !== 'string' ||
      (envId !== '' && !isTenantId(envId))
    ) {
      fallback(req, res);
      return true;
    }
    const app = deps.platform.appOfClient(clientId);
    if (!app) {
      fallback(req, res);
      return true;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const fields = plainFields(body);
      if (!fields) {
        fallback(Object.assign(req, { rawBody: body }), res);
        return;
      }
      const tenant = { clientId, envId, key: tenantKey(clientId, envId), app };
      const person = deps.platform.peek(fields.code)?.person ?? null;
      let result: TtLoginResult | undefined;
      let status: number;
      let answer: unknown;
      try {
        result = loginWithTt(deps, tenant, fields);
        status = 201;
        answer = ttLoginAnswer(result);
      } catch (err) {
        if (!(err instanceof BaasError)) {
          deps.log.error(`unexpected error in POST ${SILENT_LOGIN_PATH}`, err);
          ({ status, answer } = INTERNAL_ERROR);
        } else {
          status = err.status;
          answer = err.body();
        }
      }
      respond(deps, res, status, answer, { started, clientId, person, openid: result?.openid ?? null }).catch((err: unknown) => {
        // Nothing is left to answer with; a crash would take every other request with it.
        deps.log.error(`unexpected error in POST ${SILENT_LOGIN_PATH}`, err);
      });
    });
    return true;
  };
}

const INTERNAL_ERROR = { status: 500, answer: INTERNAL_BAAS_ERROR };

/** The request's fields when the Hono route would accept them as they are; undefined for anything else. */
function plainFields(body: Buffer): { code: string; appName: string; createUser: boolean } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { code, app_name: appName, create_user: createUser = true } = value as Record<string, unknown>;
  if (typeof code !== 'string' || code === '' || typeof appName !== 'string' || appName === '' || typeof createUser !== 'boolean') return undefined;
  return { code, appName, createUser };
}

/** What the Hono app's outer layer does for every answer: durable first, then logged and journaled. */
async function respond(
  deps: Deps,
  res: ServerResponse,
  status: number,
  answer: unknown,
  seen: { started: number; clientId: string; person: string | null; openid: string | null },
): Promise<void> {
  const unflushed = deps.store.unflushed();
  if (unflushed) {
    try {
      await unflushed;
    } catch (err) {
      // As the Hono app's onError answers a failed write: a 500, with no request line or journal entry.
      deps.log.error(`unexpected error in POST ${SILENT_LOGIN_PATH}`, err);
      writeJson(res, INTERNAL_ERROR.status, INTERNAL_ERROR.answer);
      return;
    }
  }
  writeJson(res, status, answer);
  const ms = performance.now() - seen.started;
  if (deps.log.logsRequests) {
    deps.log.request({ method: 'POST', path: SILENT_LOGIN_PATH, status, ms, op: 'silent-login', clientId: seen.clientId });
  }
  deps.journal.record({
    time: deps.clock.now(),
    operation: 'silent-login',
    method: 'POST',
    path: SILENT_LOGIN_PATH,
    client_id: seen.clientId,
    person: seen.person,
    openid: seen.openid,
    status,
    fault: null,
    duration_ms: Math.round(ms * 10) / 10,
  });
}

function writeJson(res: ServerResponse, status: number, answer: unknown): void {
  const text = JSON.stringify(answer);
  // One header object, given to writeHead whole: Node takes it as it is, where headers set one by one
  // are each checked and copied.
  res.writeHead(status, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
