import { describe, expect, it } from 'vitest';
import { hserve, newTestMock } from '../helpers.js';

// Each account route names its operation so that fault rules can aim at it.
const ROUTES: [string, string, string][] = [
  ['register', 'POST', '/hserve/v2.1/register/email/'],
  ['login', 'POST', '/hserve/v2.1/login/phone/'],
  ['anonymous-login', 'POST', '/hserve/v2.0/login/anonymous/'],
  ['sms-login', 'POST', '/hserve/v2.1/login/sms/'],
  ['logout', 'POST', '/hserve/v2.0/session/destroy/'],
  ['sms', 'POST', '/hserve/v2.2/sms-verification-code/'],
  ['sms-verify', 'POST', '/hserve/v1.8/sms-verification-code/verify/'],
  ['phone-verify', 'POST', '/hserve/v2.1/sms-phone-verification/'],
  ['email-verify', 'POST', '/hserve/v2.0/user/email-verify/'],
  ['password-reset', 'POST', '/hserve/v2.0/user/password/reset/'],
  ['current-user', 'GET', '/hserve/v2.5/user/info/310000000000001/'],
  ['current-user', 'GET', '/hserve/v2.5/user/info/'],
  ['update-user', 'PUT', '/hserve/v2.5/user/info/'],
  ['user-list', 'GET', '/hserve/v2.2/user/info/'],
  ['account', 'PUT', '/hserve/v2.2/user/account/'],
];

describe('fault operations of the account routes', () => {
  it.each(ROUTES)('lets a fault aimed at %s answer %s %s', async (_op, method, path) => {
    const t = await newTestMock();
    const res = await hserve(t, method, path, method === 'GET' ? undefined : {}, { headers: { 'X-Mock-Fault': 'status:503' } });
    expect(res.status).toBe(503);
  });
});
