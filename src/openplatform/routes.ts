import { Hono } from 'hono';
import { op, type AppEnv } from '../context.js';
import { OpenPlatformError } from '../errors.js';
import { newLogId } from '../ids.js';
import { platformError } from './error-codes.js';
import type { ExchangeResult } from './platform.js';

/**
 * code2session at its production paths, so a developer's server switches to the mock by changing only
 * the host (contract A2, A3). Both always answer HTTP 200; the outcome is in err_no / errcode.
 */
export const openPlatformRoutes = new Hono<AppEnv>();

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

openPlatformRoutes.post('/api/apps/v2/jscode2session', op('code2session'), async (c) => {
  const { platform, clock } = c.get('deps');
  const logId = newLogId(clock.now());
  try {
    const body = readPlatformBody(c.req.header('content-type'), await c.req.text());
    for (const field of ['appid', 'secret', 'code', 'anonymous_code']) {
      if (body[field] !== undefined && body[field] !== null && typeof body[field] !== 'string') {
        throw platformError('BAD_PARAMS', `${field} must be a string`);
      }
    }
    const result = platform.exchange({
      appid: text(body.appid) ?? '',
      secret: text(body.secret) ?? '',
      code: text(body.code),
      anonymousCode: text(body.anonymous_code),
    });
    return c.json({ err_no: 0, err_tips: 'success', log_id: logId, data: wireData(result) });
  } catch (err) {
    if (!(err instanceof OpenPlatformError)) throw err;
    return c.json({ err_no: err.errNo, err_tips: err.tips, log_id: logId, data: {} });
  }
});

openPlatformRoutes.get('/api/apps/jscode2session', op('code2session'), (c) => {
  const q = (name: string) => text(c.req.query(name));
  try {
    const result = c.get('deps').platform.exchange({
      appid: q('appid') ?? '',
      secret: q('secret') ?? '',
      code: q('code'),
      anonymousCode: q('anonymous_code'),
    });
    return c.json(wireData(result));
  } catch (err) {
    if (!(err instanceof OpenPlatformError)) throw err;
    // `error: 1` beside errcode/errmsg is our reading of the old documentation (docs/differences.md).
    return c.json({ error: 1, errcode: err.errNo, errmsg: err.tips });
  }
});

/** Every key is present, empty when the request did not ask for it, as in the documented example. */
function wireData(r: ExchangeResult) {
  return {
    session_key: r.sessionKey ?? '',
    openid: r.openid ?? '',
    anonymous_openid: r.anonymousOpenid ?? '',
    unionid: r.unionid ?? '',
  };
}

function readPlatformBody(type: string | undefined, raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  if (type && !/json/i.test(type)) throw platformError('BAD_PARAMS', 'body must be JSON (Content-Type: application/json)');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw platformError('BAD_PARAMS', 'body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw platformError('BAD_PARAMS', 'body must be a JSON object');
  return value as Record<string, unknown>;
}
