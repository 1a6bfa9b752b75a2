import { fail, later, succeed } from './callbacks.js';
import { online, loginKey, type Device } from './device.js';
import { decodeText, exchange, failureDetail } from './http.js';
import type { Callbacks, GetUserInfoSuccess, LoginSuccess, TtFail } from './types.js';

/**
 * `tt.login` for the current person in the current host, from POST /__mock/bytedance/login, so the
 * mock's rules on `tt.login` apply. `force` defaults to true, as on the platform (contract A1).
 */
export function login(d: Device, options: { force?: boolean } & Callbacks<LoginSuccess> = {}): void {
  const body = { client_id: d.clientId, host: d.host, person: d.person, force: options.force ?? true, ...(d.device ? { device: d.device } : {}) };
  const key = loginKey(d);
  void callMock(d, '/__mock/bytedance/login', body, 'login').then((r) => {
    if (!r.ok) return fail(options, r.error);
    const answer = r.body as { code: string | null; anonymous_code: string; is_login: boolean };
    if (answer.code) d.logins.add(key);
    succeed(options, {
      errMsg: 'login:ok',
      ...(answer.code ? { code: answer.code } : {}),
      anonymousCode: answer.anonymous_code,
      isLogin: answer.is_login,
    });
  });
}

/** Succeeds once this device has a login for the current person and host. */
export function checkSession(d: Device, options: Callbacks<{ errMsg: string }> = {}): void {
  const valid = d.logins.has(loginKey(d));
  later(() => (valid ? succeed(options, { errMsg: 'checkSession:ok' }) : fail(options, { errMsg: 'checkSession:fail session expired' })));
}

/**
 * `tt.getUserInfo` from POST /__mock/bytedance/user-info: signed and encrypted with the session_key of
 * the last `tt.login` (contract A6). A refusal (the `deny` rule) fails with the mock's errMsg.
 */
export function getUserInfo(d: Device, options: { withCredentials?: boolean } & Callbacks<GetUserInfoSuccess> = {}): void {
  const body = { client_id: d.clientId, host: d.host, person: d.person, with_credentials: options.withCredentials ?? false };
  void callMock(d, '/__mock/bytedance/user-info', body, 'getUserInfo').then((r) => {
    if (!r.ok) return fail(options, r.error);
    const { userInfo, rawData, signature, encryptedData, iv } = r.body as Omit<GetUserInfoSuccess, 'errMsg'>;
    succeed(options, {
      errMsg: 'getUserInfo:ok',
      userInfo,
      rawData,
      ...(signature === undefined ? {} : { signature, encryptedData, iv }),
    });
  });
}

type MockAnswer = { ok: true; body: unknown } | { ok: false; error: TtFail };

/** One call to the mock's device endpoints; every way it can go wrong becomes `<api>:fail <detail>`. */
async function callMock(d: Device, path: string, body: unknown, api: string): Promise<MockAnswer> {
  const failed = (detail: string, errNo?: number): MockAnswer => ({ ok: false, error: { errMsg: `${api}:fail ${detail}`, ...(errNo === undefined ? {} : { errNo }) } });
  if (!online(d)) return failed('network unavailable');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (d.controlToken) headers.authorization = `Bearer ${d.controlToken}`;
  const outcome = await exchange(d.url.replace(/\/+$/, '') + path, { method: 'POST', headers, body: JSON.stringify(body) }, d.timeoutMs);
  if (outcome.kind !== 'answer') return failed(failureDetail(outcome));
  let answer: Record<string, unknown> | undefined;
  try {
    answer = JSON.parse(decodeText(outcome.body)) as Record<string, unknown>;
  } catch {
    return failed(`the mock answered ${outcome.status} without JSON`);
  }
  if (outcome.status >= 200 && outcome.status < 300) return { ok: true, body: answer };
  // The mock's own errMsg when it has one (a refusal, no login yet), else what went wrong.
  if (typeof answer.errMsg === 'string' && answer.errMsg.startsWith(`${api}:fail`)) {
    return { ok: false, error: { errMsg: answer.errMsg, ...(typeof answer.errNo === 'number' ? { errNo: answer.errNo } : {}) } };
  }
  const mock = answer.mock as { error?: string } | undefined;
  return failed(mock?.error ?? (typeof answer.error_msg === 'string' ? answer.error_msg : `HTTP ${outcome.status}`));
}
