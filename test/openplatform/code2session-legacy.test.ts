import { describe, expect, it } from 'vitest';
import { DEMO, expectStatus, newTestMock, ttLogin, type TestMock } from '../helpers.js';
import { legacyCode2session } from './code2session-client.js';

async function expectError(t: TestMock, query: Record<string, string>, errcode: number) {
  const r = await legacyCode2session(t, query);
  expect(r).toEqual({ error: 1, errcode, errmsg: expect.any(String) });
  return r;
}

describe('GET /api/apps/jscode2session', () => {
  describe('success', () => {
    it('answers a code with a flat session_key, openid and unionid', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const r = await legacyCode2session(t, { code });
      expect(r).toEqual({
        session_key: t.platform.sessionKeyOf(DEMO.appid, 'douyin', 'alice'),
        openid: expect.stringMatching(/^_000/),
        anonymous_openid: '',
        unionid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    });

    it('answers an anonymous_code alone with an anonymous_openid only', async () => {
      const t = await newTestMock();
      const { anonymous_code } = await ttLogin(t);
      const r = await legacyCode2session(t, { anonymous_code });
      expect(r).toEqual({ session_key: '', openid: '', anonymous_openid: expect.stringMatching(/anon$/), unionid: '' });
    });

    it('answers both codes in one call', async () => {
      const t = await newTestMock();
      const { code, anonymous_code } = await ttLogin(t);
      const r = await legacyCode2session(t, { code, anonymous_code });
      expect(r.openid).toMatch(/^_000/);
      expect(r.anonymous_openid).toMatch(/anon$/);
    });

    it('reports one openid for every login of a person, with a new session_key each time', async () => {
      const t = await newTestMock();
      const a = await legacyCode2session(t, { code: (await ttLogin(t)).code });
      const b = await legacyCode2session(t, { code: (await ttLogin(t)).code });
      expect(a.openid).toBe(b.openid);
      expect(a.session_key).not.toBe(b.session_key);
    });
  });

  describe('errors', () => {
    it('rejects a request without appid with 40014', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const res = await t.request(`/api/apps/jscode2session?${new URLSearchParams({ secret: DEMO.secret, code })}`);
      expect(await expectStatus(res, 200)).toMatchObject({ errcode: 40014, errmsg: expect.stringContaining('appid') });
    });

    it('rejects a request without secret with 40014', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const res = await t.request(`/api/apps/jscode2session?${new URLSearchParams({ appid: DEMO.appid, code })}`);
      expect(await expectStatus(res, 200)).toMatchObject({ errcode: 40014, errmsg: expect.stringContaining('secret') });
    });

    it('rejects a request without either code with 40014', async () => {
      const t = await newTestMock();
      await expectError(t, {}, 40014);
    });

    it('rejects an unknown appid with 40015', async () => {
      const t = await newTestMock();
      await expectError(t, { appid: 'tt0000000000000000', code: 'x' }, 40015);
    });

    it('rejects a wrong secret with 40017 and keeps the code', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      await expectError(t, { secret: 'wrong', code }, 40017);
      expect((await legacyCode2session(t, { code })).openid).toMatch(/^_000/);
    });

    it('rejects an unknown code with 40018', async () => {
      const t = await newTestMock();
      await expectError(t, { code: 'never-issued' }, 40018);
    });

    it('rejects a code that was already used with 40018', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      await legacyCode2session(t, { code });
      await expectError(t, { code }, 40018);
    });

    it('rejects a code that the v2 path already used', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const res = await t.request('/api/apps/v2/jscode2session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appid: DEMO.appid, secret: DEMO.secret, code }),
      });
      expect((await expectStatus(res, 200)).err_no).toBe(0);
      await expectError(t, { code }, 40018);
    });

    it('rejects an expired code with 40018', async () => {
      const t = await newTestMock({ codeTtlSeconds: 180 });
      const { code } = await ttLogin(t);
      t.clock.advance(180_000);
      await expectError(t, { code }, 40018);
    });

    it('rejects a code minted for another appid with 40018', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t, 'alice', 'douyin', { client_id: 'another-client' });
      await expectError(t, { code }, 40018);
    });

    it('rejects a bad anonymous_code with 40019', async () => {
      const t = await newTestMock();
      await expectError(t, { anonymous_code: 'never-issued' }, 40019);
    });
  });
});
