import { DEMO, expectStatus, json, type TestMock } from '../helpers.js';

/** The v2 answer (contract A2). */
export interface V2Answer {
  err_no: number;
  err_tips: string;
  log_id: string;
  data: { session_key?: string; openid?: string; anonymous_openid?: string; unionid?: string };
}

/** POST /api/apps/v2/jscode2session as a developer's server sends it; asserts HTTP 200. */
export async function code2session(t: TestMock, body: Record<string, unknown>): Promise<V2Answer> {
  return expectStatus(await t.request('/api/apps/v2/jscode2session', json({ appid: DEMO.appid, secret: DEMO.secret, ...body })), 200);
}

/** GET /api/apps/jscode2session (contract A3); asserts HTTP 200. */
export async function legacyCode2session(t: TestMock, query: Record<string, string>): Promise<Record<string, unknown>> {
  const qs = new URLSearchParams({ appid: DEMO.appid, secret: DEMO.secret, ...query });
  return expectStatus(await t.request(`/api/apps/jscode2session?${qs}`), 200);
}
