import { describe, expect, it } from 'vitest';
import { newUserRecord } from '../../src/baas/users.js';
import { DEMO, expectStatus, fixtures, hserve, newTestMock, type TestMock } from '../helpers.js';
import {
  codeFor,
  IFANRX_ID,
  idsOf,
  loggedIn,
  sessionFor,
  setUserFields,
  SILENT_LOGIN,
  signedBody,
  USER_ASSOCIATION,
  userOf,
} from './bytedance-steps.js';

const link = (t: TestMock, body: unknown, token?: string) => hserve(t, 'POST', USER_ASSOCIATION, body, token ? { token } : {});
const silentWithoutCreate = async (t: TestMock, code: string) =>
  hserve(t, 'POST', SILENT_LOGIN, { code, app_name: 'douyin', create_user: false });

describe('POST /hserve/v2.4/idp/bytedance/user-association/', () => {
  it('links the ByteDance account of the code to the logged-in user', async () => {
    const t = await newTestMock();
    const token = sessionFor(t, IFANRX_ID);
    const body = await expectStatus(await link(t, { code: await codeFor(t), app_name: 'douyin' }, token), 200);
    const { openid, unionid } = idsOf(t, 'alice', 'douyin');

    expect(body).toEqual({ status: 'ok', message: 'User associated.', openid, user_id: IFANRX_ID });
    expect(userOf(t, IFANRX_ID)._provider).toEqual({ douyin: { openid, unionid } });
    const again = await expectStatus(await silentWithoutCreate(t, await codeFor(t)), 201);
    expect(again.user_info.id).toBe(IFANRX_ID);
  });

  it('answers 401 without a session and leaves the code unspent', async () => {
    const t = await newTestMock();
    const code = await codeFor(t);
    const body = await expectStatus(await link(t, { code, app_name: 'douyin' }), 401);
    expect(body.error_msg).toMatch(/^Authorization: /);
    await expectStatus(await link(t, { code, app_name: 'douyin' }, sessionFor(t, IFANRX_ID)), 200);
  });

  it('answers 401 for an expired session and leaves the code unspent', async () => {
    const t = await newTestMock();
    const token = sessionFor(t, IFANRX_ID);
    t.clock.advance((t.deps.options.sessionTtlSeconds + 1) * 1000);
    const code = await codeFor(t);
    await expectStatus(await link(t, { code, app_name: 'douyin' }, token), 401);
    await expectStatus(await silentWithoutCreate(t, code), 404);
  });

  it('refuses an account that belongs to another user, spending the code', async () => {
    const t = await newTestMock();
    const owner = await loggedIn(t);
    const code = await codeFor(t);
    const body = await expectStatus(await link(t, { code, app_name: 'douyin' }, sessionFor(t, IFANRX_ID)), 400);
    expect(body.error_msg).toContain('already associated with another user');
    expect(userOf(t, IFANRX_ID)._provider).toEqual({});
    expect(userOf(t, owner.user_info.id)._provider.douyin!.openid).toBe(owner.openid);
    const reuse = await expectStatus(await silentWithoutCreate(t, code), 400);
    expect(reuse.error_msg).toMatch(/^code: /);
  });

  it('refuses a second account of the same host for a user who has one', async () => {
    const t = await newTestMock();
    const token = sessionFor(t, IFANRX_ID);
    await expectStatus(await link(t, { code: await codeFor(t, 'alice'), app_name: 'douyin' }, token), 200);
    const body = await expectStatus(await link(t, { code: await codeFor(t, 'bob'), app_name: 'douyin' }, token), 400);
    expect(body.error_msg).toContain('already associated with another ByteDance account in douyin');
    expect(userOf(t, IFANRX_ID)._provider.douyin!.openid).toBe(idsOf(t, 'alice', 'douyin').openid);
    expect(t.store.userByIdentity(DEMO.clientId, 'douyin', idsOf(t, 'bob', 'douyin').openid)).toBeUndefined();
  });

  it('links the account the user already has again without changing the record', async () => {
    const t = await newTestMock();
    const token = sessionFor(t, IFANRX_ID);
    await expectStatus(await link(t, { code: await codeFor(t), app_name: 'douyin' }, token), 200);
    const before = structuredClone(userOf(t, IFANRX_ID));
    t.clock.advance(60_000);
    const body = await expectStatus(await link(t, { code: await codeFor(t), app_name: 'douyin' }, token), 200);
    expect(body.user_id).toBe(IFANRX_ID);
    expect(userOf(t, IFANRX_ID)).toEqual(before);
  });

  it('keeps one _provider entry per host after linking two hosts', async () => {
    const t = await newTestMock();
    const douyin = await loggedIn(t, 'alice', 'douyin');
    const token: string = douyin.token;
    await expectStatus(await link(t, { code: await codeFor(t, 'alice', 'toutiao'), app_name: 'toutiao' }, token), 200);
    const user = userOf(t, douyin.user_info.id);
    expect(Object.keys(user._provider).sort()).toEqual(['douyin', 'toutiao']);
    expect(user._provider.toutiao!.openid).toBe(idsOf(t, 'alice', 'toutiao').openid);
    const viaToutiao = await loggedIn(t, 'alice', 'toutiao');
    expect(viaToutiao.user_info.id).toBe(douyin.user_info.id);
  });

  it('answers 403 for an anonymous user and leaves the code unspent', async () => {
    const t = await newTestMock();
    const anonymous = t.store.write((w) => {
      const user = newUserRecord(w.newUserId(DEMO.clientId), 1_735_689_600, { _anonymous: true });
      w.putUser(DEMO.clientId, user);
      return user;
    });
    const code = await codeFor(t);
    const body = await expectStatus(await link(t, { code, app_name: 'douyin' }, sessionFor(t, anonymous.id)), 403);
    expect(body.error_msg).toMatch(/Anonymous/);
    expect(userOf(t, anonymous.id)._provider).toEqual({});
    await expectStatus(await silentWithoutCreate(t, code), 404);
  });

  it('refuses an unknown app_name before spending the code', async () => {
    const t = await newTestMock();
    const code = await codeFor(t);
    const body = await expectStatus(await link(t, { code, app_name: 'xigua' }, sessionFor(t, IFANRX_ID)), 400);
    expect(body.error_msg).toMatch(/^app_name: /);
    await expectStatus(await silentWithoutCreate(t, code), 404);
  });

  it('rejects a used code', async () => {
    const t = await newTestMock();
    const code = await codeFor(t);
    await expectStatus(await silentWithoutCreate(t, code), 404);
    const body = await expectStatus(await link(t, { code, app_name: 'douyin' }, sessionFor(t, IFANRX_ID)), 400);
    expect(body.error_msg).toMatch(/^code: .*40018/);
  });

  it('syncs the profile in the forced variant', async () => {
    const t = await newTestMock();
    setUserFields(t, IFANRX_ID, { nickname: 'ifanrx' });
    const body = { ...(await signedBody(t)), update_userprofile: 'setnx' };
    await expectStatus(await link(t, body, sessionFor(t, IFANRX_ID)), 200);
    const alice = fixtures.people.alice!;
    expect(userOf(t, IFANRX_ID)).toMatchObject({
      is_authorized: true,
      nickname: 'ifanrx',
      avatar: alice.avatarUrl,
      city: alice.city,
      _provider: { douyin: { openid: idsOf(t, 'alice', 'douyin').openid, nickname: alice.nickName } },
    });
  });

  it('overwrites the profile in the forced variant with overwrite', async () => {
    const t = await newTestMock();
    setUserFields(t, IFANRX_ID, { nickname: 'ifanrx' });
    await expectStatus(await link(t, { ...(await signedBody(t)), update_userprofile: 'overwrite' }, sessionFor(t, IFANRX_ID)), 200);
    expect(userOf(t, IFANRX_ID).nickname).toBe(fixtures.people.alice!.nickName);
  });

  it('refuses forced-variant data made before a newer tt.login', async () => {
    const t = await newTestMock();
    const old = await signedBody(t);
    const code = await codeFor(t);
    const body = await expectStatus(await link(t, { ...old, code }, sessionFor(t, IFANRX_ID)), 400);
    expect(body.error_msg).toMatch(/^signature: /);
    expect(userOf(t, IFANRX_ID)._provider).toEqual({});
  });

  it('answers 400 naming a missing field of the forced variant', async () => {
    const t = await newTestMock();
    const { iv: _iv, ...partial } = await signedBody(t);
    const body = await expectStatus(await link(t, partial, sessionFor(t, IFANRX_ID)), 400);
    expect(body.error_msg).toMatch(/^iv: /);
  });
});
