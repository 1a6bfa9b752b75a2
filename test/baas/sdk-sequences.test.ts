import { describe, expect, it } from 'vitest';
import { DEMO, expectStatus, fixtures, newTestMock, ttLogin, ttUserInfo, type TestMock } from '../helpers.js';
import { AUTHENTICATE, IFANRX_ID, SILENT_LOGIN, tenantOf, USER_ASSOCIATION, userCount } from './bytedance-steps.js';

/**
 * The ByteDance build of the SDK as the mock sees it (contract B2, B8, C4): its headers, its stored
 * session, and what it reads from login answers (`flatAuthResponse`, `handleLoginSuccess`).
 */
class SdkDevice {
  storage: { uid?: number; auth_token?: string; openid?: string; session_expires_at?: number } = {};
  requests: string[] = [];

  constructor(private readonly t: TestMock, readonly person: string, readonly appName: string) {}

  async request(method: string, path: string, data: Record<string, unknown> = {}): Promise<Response> {
    const header: Record<string, string> = {
      'X-Hydrogen-Client-ID': DEMO.clientId,
      'X-Hydrogen-Client-Version': 'v3.23.3',
      'X-Hydrogen-Client-Platform': 'BYTEDANCE',
      'X-Hydrogen-Client-SDK-Type': 'file',
      // tt.request's default; the SDK sets none itself.
      'content-type': 'application/json',
    };
    if (this.storage.auth_token) header.Authorization = `Hydrogen-r1 ${this.storage.auth_token}`;
    this.requests.push(`${method} ${path}`);
    return this.t.request(path, method === 'GET' ? { method, headers: header } : { method, headers: header, body: JSON.stringify(data) });
  }

  nowSeconds = () => Math.floor(this.t.clock.now() / 1000);

  sessionValid(): boolean {
    return this.storage.session_expires_at !== undefined && this.nowSeconds() < this.storage.session_expires_at;
  }

  /** `flatAuthResponse` then `handleLoginSuccess`: what the SDK keeps from a login answer. */
  storeLogin(data: any): Record<string, unknown> {
    const flat = { ...data.user_info, ...data, user_id: data.user_info.id, expired_at: this.nowSeconds() + data.expires_in - 30 };
    this.storage = { uid: flat.user_id, auth_token: flat.token, openid: flat.openid || '', session_expires_at: flat.expired_at };
    return flat;
  }

  async ttLoginCode(): Promise<string> {
    return (await ttLogin(this.t, this.person, this.appName)).code;
  }
}

const SDK_BUILT_IN = ['id', 'created_at', 'created_by', 'updated_at', 'country', 'nickname', 'province', 'city', 'language', 'openid', 'unionid', 'avatar', 'is_authorized', 'gender'];

/** The fields the SDK reads from a ByteDance login answer, with the types it needs (contract C1, B8). */
function expectLoginAnswer(body: any) {
  expect(Object.keys(body).sort()).toEqual(['expires_in', 'openid', 'token', 'user_info']);
  expect(body.token).toEqual(expect.any(String));
  expect(body.expires_in).toBeGreaterThan(30);
  expect(body.openid).toEqual(expect.any(String));
  expect(body.user_info.id).toEqual(expect.any(Number));
  expect(Object.keys(body.user_info)).toEqual(expect.arrayContaining([...SDK_BUILT_IN, '_provider', '_anonymous']));
}

describe('ByteDance SDK request sequences (contract C4)', () => {
  it('fresh silent login: one silent-login request, the current user from user_info', async () => {
    const t = await newTestMock();
    const sdk = new SdkDevice(t, 'alice', 'douyin');
    const code = await sdk.ttLoginCode();
    const body = await expectStatus(await sdk.request('POST', SILENT_LOGIN, { create_user: true, app_name: sdk.appName, code }), 201);
    expectLoginAnswer(body);
    const flat = sdk.storeLogin(body);

    // The top-level ByteDance openid wins over user_info.openid (null) when the SDK flattens.
    expect(body.user_info.openid).toBeNull();
    expect(flat.openid).toBe(body.openid);
    expect(flat.user_id).toBe(body.user_info.id);
    expect(sdk.sessionValid()).toBe(true);
    expect(sdk.requests).toEqual([`POST ${SILENT_LOGIN}`]);
  });

  it('repeat login with a valid token: only the user GET, which answers for the stored uid', async () => {
    const t = await newTestMock();
    const sdk = new SdkDevice(t, 'alice', 'douyin');
    sdk.storeLogin(await expectStatus(await sdk.request('POST', SILENT_LOGIN, { create_user: true, app_name: 'douyin', code: await sdk.ttLoginCode() }), 201));
    const sessions = t.deps.sessions.list(DEMO.clientId).length;
    t.clock.advance(3600_000);

    expect(sdk.sessionValid()).toBe(true);
    const user = await expectStatus(await sdk.request('GET', `/hserve/v2.5/user/info/${sdk.storage.uid}/`), 200);
    expect(user.id).toBe(sdk.storage.uid);
    expect(user._provider.douyin.openid).toBe(sdk.storage.openid);
    expect(t.deps.sessions.list(DEMO.clientId)).toHaveLength(sessions);
  });

  it('forced login: authenticate with the data of the tt.login just before, even with a session stored', async () => {
    const t = await newTestMock();
    const sdk = new SdkDevice(t, 'alice', 'douyin');
    const silent = sdk.storeLogin(await expectStatus(await sdk.request('POST', SILENT_LOGIN, { create_user: true, app_name: 'douyin', code: await sdk.ttLoginCode() }), 201));

    const code = await sdk.ttLoginCode();
    const { rawData, signature, encryptedData, iv } = await ttUserInfo(t, 'alice', 'douyin');
    const data = { code, app_name: 'douyin', create_user: true, rawData, signature, encryptedData, iv, update_userprofile: 'setnx' };
    const body = await expectStatus(await sdk.request('POST', AUTHENTICATE, data), 201);
    expectLoginAnswer(body);
    const flat = sdk.storeLogin(body);

    expect(flat.user_id).toBe(silent.user_id);
    expect(flat.openid).toBe(silent.openid);
    expect(body.user_info).toMatchObject({ nickname: fixtures.people.alice!.nickName, avatar: fixtures.people.alice!.avatarUrl, is_authorized: true });
    expect(sdk.storage.auth_token).not.toBe(silent.token);
  });

  it('refusal in forced login: tt.login runs, nothing reaches 知晓云, the old session still works', async () => {
    const t = await newTestMock();
    const sdk = new SdkDevice(t, 'alice', 'douyin');
    sdk.storeLogin(await expectStatus(await sdk.request('POST', SILENT_LOGIN, { create_user: true, app_name: 'douyin', code: await sdk.ttLoginCode() }), 201));
    const before = JSON.parse(JSON.stringify(tenantOf(t)));
    const requests = sdk.requests.length;

    await sdk.ttLoginCode(); // tt.getUserInfo then fails on the device, and the SDK rejects with its fail object

    expect(sdk.requests).toHaveLength(requests);
    expect(tenantOf(t)).toEqual(before);
    await expectStatus(await sdk.request('GET', `/hserve/v2.5/user/info/${sdk.storage.uid}/`), 200);
  });

  it('createUser false: 404, password login, linkTt, and later silent logins find that user', async () => {
    const t = await newTestMock();
    const sdk = new SdkDevice(t, 'bob', 'douyin');
    const users = userCount(t);

    const refused = await expectStatus(await sdk.request('POST', SILENT_LOGIN, { create_user: false, app_name: 'douyin', code: await sdk.ttLoginCode() }), 404);
    expect(refused).toEqual({ status: 'error', error_msg: expect.any(String) });
    expect(sdk.storage).toEqual({});

    const login = await expectStatus(await sdk.request('POST', '/hserve/v2.1/login/username/', { username: 'ifanrx', password: '111111' }), 201);
    sdk.storage = { uid: login.user_id, auth_token: login.token, session_expires_at: sdk.nowSeconds() + login.expires_in - 30 };
    await expectStatus(await sdk.request('GET', `/hserve/v2.5/user/info/${login.user_id}/`), 200);

    const linked = await expectStatus(await sdk.request('POST', USER_ASSOCIATION, { code: await sdk.ttLoginCode(), app_name: 'douyin' }), 200);
    expect(Object.keys(linked).sort()).toEqual(['message', 'openid', 'status', 'user_id']);
    expect(linked.user_id).toBe(IFANRX_ID);

    await expectStatus(await sdk.request('POST', '/hserve/v2.0/session/destroy/', {}), 201);
    const again = await expectStatus(await sdk.request('POST', SILENT_LOGIN, { create_user: false, app_name: 'douyin', code: await sdk.ttLoginCode() }), 201);
    expect(sdk.storeLogin(again).user_id).toBe(IFANRX_ID);
    expect(again.openid).toBe(linked.openid);
    expect(userCount(t)).toBe(users);
  });

  it('linkTt retried after a 401 with autoLogin resends the same code and succeeds', async () => {
    const t = await newTestMock();
    const sdk = new SdkDevice(t, 'alice', 'douyin');
    sdk.storage = { uid: 1, auth_token: 'expired-token', session_expires_at: sdk.nowSeconds() + 100 };
    const data = { code: await sdk.ttLoginCode(), app_name: 'douyin' };

    await expectStatus(await sdk.request('POST', USER_ASSOCIATION, data), 401);
    sdk.storage = {};
    sdk.storeLogin(await expectStatus(await sdk.request('POST', SILENT_LOGIN, { create_user: true, app_name: 'douyin', code: await sdk.ttLoginCode() }), 201));
    const retried = await expectStatus(await sdk.request('POST', USER_ASSOCIATION, data), 200);

    expect(retried.user_id).toBe(sdk.storage.uid);
    expect(retried.openid).toBe(sdk.storage.openid);
  });
});
