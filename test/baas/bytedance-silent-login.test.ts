import { describe, expect, it } from 'vitest';
import { DEMO, expectStatus, hserve, newTestMock, ttLogin } from '../helpers.js';
import { codeFor, idsOf, loggedIn, SILENT_LOGIN, silentLogin, tenantOf, userCount, userOf } from './bytedance-steps.js';

describe('POST /hserve/v2.5/idp/bytedance/silent-login/', () => {
  it('creates a user for a new person and answers with a token, the host openid and the full user record', async () => {
    const t = await newTestMock();
    const before = userCount(t);
    const body = await expectStatus(await silentLogin(t, 'alice', 'douyin'), 201);
    const { openid, unionid } = idsOf(t, 'alice', 'douyin');

    expect(Object.keys(body).sort()).toEqual(['expires_in', 'openid', 'token', 'user_info']);
    expect(body.token).toMatch(/^\S{16,}$/);
    expect(body.expires_in).toBe(2592000);
    expect(body.openid).toBe(openid);
    expect(userCount(t)).toBe(before + 1);
    expect(body.user_info).toEqual(userOf(t, body.user_info.id));
    expect(body.user_info).toMatchObject({
      openid: null,
      unionid: null,
      nickname: null,
      is_authorized: false,
      _anonymous: false,
      _provider: { douyin: { openid, unionid } },
    });
  });

  it('logs the same person in again as the same user without changing the record', async () => {
    const t = await newTestMock();
    const first = await loggedIn(t);
    t.clock.advance(60_000);
    const second = await loggedIn(t);
    expect(second.user_info).toEqual(first.user_info);
    expect(second.token).not.toBe(first.token);
  });

  it('starts a session that reads the user it answers with', async () => {
    const t = await newTestMock();
    const body = await loggedIn(t);
    expect(t.deps.sessions.list(DEMO.clientId)[0]).toMatchObject({ userId: body.user_info.id, method: 'bytedance-silent' });
    const res = await hserve(t, 'GET', `/hserve/v2.5/user/info/${body.user_info.id}/`, undefined, { token: body.token });
    expect(await expectStatus(res, 200)).toEqual(body.user_info);
  });

  it('answers 404 and creates nobody when create_user is false and the person has no user', async () => {
    const t = await newTestMock();
    const before = tenantOf(t).users.toObject();
    const res = await silentLogin(t, 'alice', 'douyin', { create_user: false });
    const body = await expectStatus(res, 404);
    expect(body).toEqual({ status: 'error', error_msg: expect.stringMatching(/^User not found/) });
    expect(tenantOf(t).users).toEqual(before);
    expect(t.deps.sessions.list(DEMO.clientId)).toEqual([]);
  });

  it('logs a known person in when create_user is false', async () => {
    const t = await newTestMock();
    const first = await loggedIn(t);
    const again = await expectStatus(await silentLogin(t, 'alice', 'douyin', { create_user: false }), 201);
    expect(again.user_info.id).toBe(first.user_info.id);
  });

  it.each([['false'], [0], [null], [{}]])('refuses create_user %j and leaves the code unspent', async (value) => {
    const t = await newTestMock();
    const code = await codeFor(t);
    const body = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin', create_user: value }), 400);
    expect(body.error_msg).toMatch(/^create_user: /);
    await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin' }), 201);
  });

  it.each([
    ['code', { app_name: 'douyin' }],
    ['code', { code: 42, app_name: 'douyin' }],
    ['app_name', { code: 'x' }],
    ['app_name', { code: 'x', app_name: ['douyin'] }],
  ])('answers 400 naming %s when it is missing or not a string', async (field, body) => {
    const t = await newTestMock();
    const res = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, body), 400);
    expect(res.error_msg).toMatch(new RegExp(`^${field}: `));
  });

  it('refuses an unknown app_name before spending the code', async () => {
    const t = await newTestMock();
    const code = await codeFor(t);
    const unknown = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'xigua' }), 400);
    expect(unknown.error_msg).toMatch(/^app_name: unknown host app xigua/);
    const upper = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'Douyin' }), 400);
    expect(upper.error_msg).toContain('lower-case: douyin');
    await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin' }), 201);
  });

  it('rejects a code that was already used', async () => {
    const t = await newTestMock();
    const code = await codeFor(t);
    await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin' }), 201);
    const body = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin' }), 400);
    expect(body).toEqual({ status: 'error', error_msg: expect.stringMatching(/^code: .*already used.*40018/) });
  });

  it('rejects a code that has expired', async () => {
    const t = await newTestMock();
    const code = await codeFor(t);
    const before = userCount(t);
    t.clock.advance((t.deps.options.codeTtlSeconds + 1) * 1000);
    const body = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin' }), 400);
    expect(body.error_msg).toMatch(/^code: .*expired/);
    expect(userCount(t)).toBe(before);
  });

  it('rejects a code issued for another mini-program', async () => {
    const t = await newTestMock();
    const { code } = await ttLogin(t, 'alice', 'douyin', { client_id: 'another-client' });
    const body = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin' }), 400);
    expect(body.error_msg).toMatch(/^code: /);
  });

  it('ignores a stale Authorization header', async () => {
    const t = await newTestMock();
    const first = await loggedIn(t);
    t.clock.advance((t.deps.options.sessionTtlSeconds + 1) * 1000);
    for (const token of [first.token, 'no-such-token']) {
      const res = await hserve(t, 'POST', SILENT_LOGIN, { code: await codeFor(t), app_name: 'douyin', create_user: true }, { token });
      expect((await expectStatus(res, 201)).user_info.id).toBe(first.user_info.id);
    }
  });

  it('keys the IDE identity as bytedance_devtools', async () => {
    const t = await newTestMock();
    const body = await loggedIn(t, 'alice', 'devtools');
    expect(Object.keys(body.user_info._provider)).toEqual(['bytedance_devtools']);
    expect(body.user_info._provider.bytedance_devtools.openid).toBe(idsOf(t, 'alice', 'devtools').openid);
  });

  it('gives the same person in douyin and toutiao two users until they are linked', async () => {
    const t = await newTestMock();
    const douyin = await loggedIn(t, 'alice', 'douyin');
    const toutiao = await loggedIn(t, 'alice', 'toutiao');
    expect(toutiao.user_info.id).not.toBe(douyin.user_info.id);
    expect(toutiao.openid).not.toBe(douyin.openid);
    expect(Object.keys(douyin.user_info._provider)).toEqual(['douyin']);
    expect(Object.keys(toutiao.user_info._provider)).toEqual(['toutiao']);
  });

  it('creates exactly one user for 50 concurrent logins of one new person', async () => {
    const t = await newTestMock();
    const before = userCount(t);
    const codes = await Promise.all(Array.from({ length: 50 }, () => codeFor(t)));
    const responses = await Promise.all(codes.map((code) => hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin', create_user: true })));
    const bodies = await Promise.all(responses.map((r) => expectStatus(r, 201)));
    expect(new Set(bodies.map((b) => b.user_info.id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.token)).size).toBe(50);
    expect(userCount(t)).toBe(before + 1);
  });

  it('creates the tenant of a client the store has not seen yet', async () => {
    const t = await newTestMock();
    const { code } = await ttLogin(t, 'bob', 'douyin', { client_id: 'fresh-client' });
    const body = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin' }, { clientId: 'fresh-client' }), 201);
    expect(t.store.user('fresh-client', body.user_info.id)?._provider).toHaveProperty('douyin');
    expect(t.store.userByIdentity(DEMO.clientId, 'douyin', body.openid)).toBeUndefined();
  });
});
