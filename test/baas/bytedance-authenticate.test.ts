import { describe, expect, it } from 'vitest';
import { signUserInfo } from '../../src/openplatform/user-info.js';
import { DEMO, expectStatus, fixtures, hserve, newTestMock, ttUserInfo, type TestMock } from '../helpers.js';
import { AUTHENTICATE, codeFor, idsOf, loggedIn, SILENT_LOGIN, signedBody, tenantOf, userCount, userOf } from './bytedance-steps.js';

const alice = fixtures.people.alice!;

/** User data signed with the session_key of the person's latest tt.login, with chosen openid and appid. */
function forgedUserInfo(t: TestMock, opts: { openid: string; appid: string }) {
  const sessionKey = t.platform.sessionKeyOf(DEMO.appid, 'douyin', 'alice')!;
  const { rawData, signature, encryptedData, iv } = signUserInfo(alice, { ...opts, sessionKey, nowMs: t.clock.now(), withCredentials: true });
  return { rawData, signature, encryptedData, iv };
}

describe('POST /hserve/v2.5/idp/bytedance/authenticate/', () => {
  it('creates an authorized user with the platform profile for a new person', async () => {
    const t = await newTestMock();
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), create_user: true, update_userprofile: 'setnx' }), 201);
    const { openid, unionid } = idsOf(t, 'alice', 'douyin');

    expect(Object.keys(body).sort()).toEqual(['expires_in', 'openid', 'token', 'user_info']);
    expect(body.openid).toBe(openid);
    expect(body.user_info).toEqual(userOf(t, body.user_info.id));
    expect(body.user_info).toMatchObject({
      is_authorized: true,
      openid: null,
      nickname: alice.nickName,
      avatar: alice.avatarUrl,
      gender: alice.gender,
      city: alice.city,
      province: alice.province,
      country: alice.country,
      language: '',
    });
    expect(body.user_info._provider).toEqual({
      douyin: {
        openid,
        unionid,
        nickname: alice.nickName,
        avatar: alice.avatarUrl,
        gender: alice.gender,
        city: alice.city,
        province: alice.province,
        country: alice.country,
        language: '',
      },
    });
  });

  it('logs in the user a silent login created, and authorizes it', async () => {
    const t = await newTestMock();
    const silent = await loggedIn(t);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, await signedBody(t)), 201);
    expect(body.user_info.id).toBe(silent.user_info.id);
    expect(body.user_info.is_authorized).toBe(true);
    expect(userOf(t, silent.user_info.id)._provider.douyin).toMatchObject({ openid: silent.openid, nickname: alice.nickName });
  });

  it('answers 404 and creates nobody when create_user is false and the person has no user', async () => {
    const t = await newTestMock();
    const before = userCount(t);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), create_user: false }), 404);
    expect(body.error_msg).toMatch(/^User not found/);
    expect(userCount(t)).toBe(before);
  });

  it('refuses data made before a newer tt.login rotated the session_key', async () => {
    const t = await newTestMock();
    const old = await signedBody(t);
    const code = await codeFor(t);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...old, code }), 400);
    expect(body.error_msg).toMatch(/^signature: /);
  });

  it('refuses encryptedData made with a rotated session_key even beside a fresh signature', async () => {
    const t = await newTestMock();
    const old = await signedBody(t);
    const fresh = await signedBody(t);
    const before = userCount(t);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...fresh, encryptedData: old.encryptedData, iv: old.iv }), 400);
    expect(body.error_msg).toMatch(/^encryptedData: .*does not decrypt/);
    expect(userCount(t)).toBe(before);
  });

  it('refuses rawData that does not match its signature', async () => {
    const t = await newTestMock();
    const signed = await signedBody(t);
    const rawData = signed.rawData.replace(alice.nickName, 'Mallory');
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...signed, rawData }), 400);
    expect(body.error_msg).toMatch(/^signature: /);
  });

  it('refuses encryptedData watermarked for another mini-program', async () => {
    const t = await newTestMock();
    const code = await codeFor(t);
    const forged = forgedUserInfo(t, { openid: idsOf(t, 'alice', 'douyin').openid, appid: 'tt0000000000000000' });
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { code, app_name: 'douyin', ...forged }), 400);
    expect(body.error_msg).toMatch(/^encryptedData: .*watermark/);
  });

  it('refuses encryptedData of another person than the code', async () => {
    const t = await newTestMock();
    const code = await codeFor(t);
    const forged = forgedUserInfo(t, { openid: idsOf(t, 'bob', 'douyin').openid, appid: DEMO.appid });
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { code, app_name: 'douyin', ...forged }), 400);
    expect(body.error_msg).toMatch(/^encryptedData: .*another user/);
  });

  it.each(['rawData', 'signature', 'encryptedData', 'iv'])('answers 400 naming %s when it is missing, and leaves the code unspent', async (field) => {
    const t = await newTestMock();
    const signed: Record<string, unknown> = await signedBody(t);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...signed, [field]: undefined }), 400);
    expect(body.error_msg).toMatch(new RegExp(`^${field}: `));
    await expectStatus(await hserve(t, 'POST', AUTHENTICATE, signed), 201);
  });

  it('rejects a code that was already used by a silent login', async () => {
    const t = await newTestMock();
    const signed = await signedBody(t);
    await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code: signed.code, app_name: 'douyin' }), 201);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, signed), 400);
    expect(body.error_msg).toMatch(/^code: .*40018/);
  });

  it('rejects a code that has expired', async () => {
    const t = await newTestMock();
    const signed = await signedBody(t);
    t.clock.advance((t.deps.options.codeTtlSeconds + 1) * 1000);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, signed), 400);
    expect(body.error_msg).toMatch(/^code: .*expired/);
  });

  it('ignores a stale Authorization header', async () => {
    const t = await newTestMock();
    const res = await hserve(t, 'POST', AUTHENTICATE, await signedBody(t), { token: 'expired-or-unknown-token' });
    const body = await expectStatus(res, 201);
    expect(t.deps.sessions.list(DEMO.clientId)[0]).toMatchObject({ userId: body.user_info.id, method: 'bytedance-authenticate' });
  });

  it('links the profile of the host the data came from', async () => {
    const t = await newTestMock();
    const code = await codeFor(t, 'carol', 'toutiao');
    const { rawData, signature, encryptedData, iv } = await ttUserInfo(t, 'carol', 'toutiao');
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { code, app_name: 'toutiao', rawData, signature, encryptedData, iv }), 201);
    expect(Object.keys(body.user_info._provider)).toEqual(['toutiao']);
    expect(body.user_info.nickname).toBe(fixtures.people.carol!.nickName);
  });
});
