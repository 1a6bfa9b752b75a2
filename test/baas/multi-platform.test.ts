import { describe, expect, it } from 'vitest';
import { expectStatus, hserve, newTestMock, type TestMock } from '../helpers.js';
import { AUTHENTICATE, codeFor, IFANRX_ID, loggedIn, SILENT_LOGIN, signedBody, USER_ASSOCIATION, userOf } from './bytedance-steps.js';

const PASSWORD_LOGIN = '/hserve/v2.1/login/username/';

const silentNoCreate = async (t: TestMock, person: string, host: string) =>
  hserve(t, 'POST', SILENT_LOGIN, { code: await codeFor(t, person, host), app_name: host, create_user: false });

async function passwordLogin(t: TestMock): Promise<string> {
  const body = await expectStatus(await hserve(t, 'POST', PASSWORD_LOGIN, { username: 'ifanrx', password: '111111' }), 201);
  expect(body.user_id).toBe(IFANRX_ID);
  return body.token;
}

const linkTt = async (t: TestMock, person: string, host: string, token?: string) =>
  hserve(t, 'POST', USER_ASSOCIATION, { code: await codeFor(t, person, host), app_name: host }, token ? { token } : {});

// The flow of sdk-doc js-sdk/bytedance/signin-signout.md, "多平台用户统一登录" (contract C4.5).
describe('multi-platform login: createUser false, password login, linkTt', () => {
  it('links the ByteDance account to the password user, and later silent logins find that user', async () => {
    const t = await newTestMock();
    await expectStatus(await silentNoCreate(t, 'alice', 'douyin'), 404);

    const token = await passwordLogin(t);
    const linked = await expectStatus(await linkTt(t, 'alice', 'douyin', token), 200);
    expect(linked).toMatchObject({ status: 'ok', user_id: IFANRX_ID });

    const again = await expectStatus(await silentNoCreate(t, 'alice', 'douyin'), 201);
    expect(again.user_info.id).toBe(IFANRX_ID);
    expect(again.openid).toBe(linked.openid);
    expect(again.user_info._username).toBe('ifanrx');
    const forced = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), create_user: false }), 201);
    expect(forced.user_info.id).toBe(IFANRX_ID);
  });

  it('links a second host to the same user, one _provider entry per host', async () => {
    const t = await newTestMock();
    const token = await passwordLogin(t);
    await expectStatus(await linkTt(t, 'alice', 'douyin', token), 200);
    await expectStatus(await silentNoCreate(t, 'alice', 'toutiao'), 404);
    await expectStatus(await linkTt(t, 'alice', 'toutiao', token), 200);

    expect((await expectStatus(await silentNoCreate(t, 'alice', 'toutiao'), 201)).user_info.id).toBe(IFANRX_ID);
    const provider = userOf(t, IFANRX_ID)._provider;
    expect(Object.keys(provider).sort()).toEqual(['douyin', 'toutiao']);
    expect(provider.douyin!.openid).not.toBe(provider.toutiao!.openid);
  });

  it('refuses to link an account that already belongs to another user', async () => {
    const t = await newTestMock();
    const bob = await loggedIn(t, 'bob', 'douyin');
    const token = await passwordLogin(t);
    const body = await expectStatus(await linkTt(t, 'bob', 'douyin', token), 400);
    expect(body.error_msg).toContain('already associated with another user');
    expect((await expectStatus(await silentNoCreate(t, 'bob', 'douyin'), 201)).user_info.id).toBe(bob.user_info.id);
  });

  it('answers 401 to linking without a session and leaves the code usable', async () => {
    const t = await newTestMock();
    const code = await codeFor(t, 'alice', 'douyin');
    await expectStatus(await hserve(t, 'POST', USER_ASSOCIATION, { code, app_name: 'douyin' }), 401);

    const token = await passwordLogin(t);
    const linked = await expectStatus(await hserve(t, 'POST', USER_ASSOCIATION, { code, app_name: 'douyin' }, { token }), 200);
    expect(linked.user_id).toBe(IFANRX_ID);
  });
});
