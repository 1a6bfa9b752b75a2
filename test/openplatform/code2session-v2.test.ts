import { describe, expect, it } from 'vitest';
import { DEMO, expectStatus, newTestMock, ttLogin, type TestMock } from '../helpers.js';
import { code2session } from './code2session-client.js';

const PATH = '/api/apps/v2/jscode2session';
const FIVE_MINUTES = 300_000;

async function expectError(t: TestMock, body: Record<string, unknown>, errNo: number) {
  const r = await code2session(t, body);
  expect(r.err_no).toBe(errNo);
  expect(r.err_tips).toEqual(expect.any(String));
  expect(r.log_id).toMatch(/^\d{14}[0-9A-F]{12}$/);
  expect(r.data).toEqual({});
  return r;
}

describe('POST /api/apps/v2/jscode2session', () => {
  describe('success', () => {
    it('exchanges a code for session_key, openid and unionid', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const r = await code2session(t, { code });
      expect(r.err_no).toBe(0);
      expect(r.err_tips).toBe('success');
      expect(r.log_id).toMatch(/^20250101040000[0-9A-F]{12}$/);
      expect(Buffer.from(r.data.session_key!, 'base64')).toHaveLength(16);
      expect(r.data.openid).toMatch(/^_000/);
      expect(r.data.unionid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r.data.anonymous_openid).toBe('');
    });

    it('returns the session_key that tt.getUserInfo of the same login signs with', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const r = await code2session(t, { code });
      expect(r.data.session_key).toBe(t.platform.sessionKeyOf(DEMO.appid, 'douyin', 'alice'));
    });

    it('exchanges an anonymous_code alone for an anonymous_openid only', async () => {
      const t = await newTestMock();
      const { anonymous_code } = await ttLogin(t);
      const r = await code2session(t, { anonymous_code });
      expect(r.err_no).toBe(0);
      expect(r.data.anonymous_openid).toMatch(/^_000.+anon$/);
      expect(r.data).toMatchObject({ session_key: '', openid: '', unionid: '' });
    });

    it('exchanges both codes in one call', async () => {
      const t = await newTestMock();
      const { code, anonymous_code } = await ttLogin(t);
      const r = await code2session(t, { code, anonymous_code });
      expect(r.err_no).toBe(0);
      expect(r.data.openid).toMatch(/^_000/);
      expect(r.data.session_key).not.toBe('');
      expect(r.data.anonymous_openid).toMatch(/anon$/);
    });

    it('accepts a JSON body sent without a Content-Type', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      // A byte body gets no Content-Type from fetch, unlike a string body (text/plain).
      const body = new TextEncoder().encode(JSON.stringify({ appid: DEMO.appid, secret: DEMO.secret, code }));
      const res = await t.request(PATH, { method: 'POST', body });
      expect((await expectStatus(res, 200)).err_no).toBe(0);
    });
  });

  describe('missing parameters (40014)', () => {
    it('rejects a request without appid', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const r = await expectError(t, { appid: undefined, code }, 40014);
      expect(r.err_tips).toContain('appid');
    });

    it('rejects a request without secret', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const r = await expectError(t, { secret: undefined, code }, 40014);
      expect(r.err_tips).toContain('secret');
    });

    it('rejects a request with neither code nor anonymous_code', async () => {
      const t = await newTestMock();
      const r = await expectError(t, {}, 40014);
      expect(r.err_tips).toContain('anonymous_code');
    });

    it('treats empty strings as missing', async () => {
      const t = await newTestMock();
      await expectError(t, { code: '', anonymous_code: '' }, 40014);
    });

    it('rejects an empty body', async () => {
      const t = await newTestMock();
      const res = await t.request(PATH, { method: 'POST', headers: { 'content-type': 'application/json' } });
      expect((await expectStatus(res, 200)).err_no).toBe(40014);
    });
  });

  describe('bad credentials', () => {
    it('rejects an unknown appid with 40015', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      await expectError(t, { appid: 'tt0000000000000000', code }, 40015);
    });

    it('rejects a wrong secret with 40017', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      await expectError(t, { secret: 'not-the-secret', code }, 40017);
    });

    it('rejects the appid of a client that strict clients do not know', async () => {
      const t = await newTestMock({ strictClients: true });
      await expectError(t, { appid: 'tt0123456789abcdef', code: 'x' }, 40015);
    });
  });

  describe('bad codes', () => {
    it('rejects a code it never issued with 40018', async () => {
      const t = await newTestMock();
      await expectError(t, { code: 'never-issued' }, 40018);
    });

    it('rejects a code that was already used with 40018', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      expect((await code2session(t, { code })).err_no).toBe(0);
      await expectError(t, { code }, 40018);
    });

    it('lets only one of two concurrent exchanges of a code succeed', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const results = await Promise.all([code2session(t, { code }), code2session(t, { code })]);
      expect(results.map((r) => r.err_no).sort()).toEqual([0, 40018]);
    });

    it('rejects a code after its 300 s lifetime', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      t.clock.advance(FIVE_MINUTES);
      const r = await expectError(t, { code }, 40018);
      expect(r.err_tips).toContain('expired');
    });

    it('accepts a code just before its lifetime ends', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      t.clock.advance(FIVE_MINUTES - 1);
      expect((await code2session(t, { code })).err_no).toBe(0);
    });

    it('applies a custom codeTtlSeconds', async () => {
      const t = await newTestMock({ codeTtlSeconds: 60 });
      const early = await ttLogin(t);
      const late = await ttLogin(t);
      t.clock.advance(59_000);
      expect((await code2session(t, { code: early.code })).err_no).toBe(0);
      t.clock.advance(1_000);
      await expectError(t, { code: late.code }, 40018);
    });

    it('rejects a code minted for another appid with 40018', async () => {
      const t = await newTestMock();
      const other = await ttLogin(t, 'alice', 'douyin', { client_id: 'another-client' });
      await expectError(t, { code: other.code }, 40018);
    });

    it('rejects an unknown anonymous_code with 40019', async () => {
      const t = await newTestMock();
      await expectError(t, { anonymous_code: 'never-issued' }, 40019);
    });

    it('rejects an anonymous_code that was already used with 40019', async () => {
      const t = await newTestMock();
      const { anonymous_code } = await ttLogin(t);
      expect((await code2session(t, { anonymous_code })).err_no).toBe(0);
      await expectError(t, { anonymous_code }, 40019);
    });

    it('rejects an expired anonymous_code with 40019', async () => {
      const t = await newTestMock();
      const { anonymous_code } = await ttLogin(t);
      t.clock.advance(FIVE_MINUTES);
      await expectError(t, { anonymous_code }, 40019);
    });
  });

  describe('failed exchanges spend no code', () => {
    it('accepts the code with the right secret after a wrong one', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      await expectError(t, { secret: 'wrong', code }, 40017);
      expect((await code2session(t, { code })).err_no).toBe(0);
    });

    it('accepts the code with its own appid after another appid', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      await expectError(t, { appid: 'tt0000000000000000', code }, 40015);
      expect((await code2session(t, { code })).err_no).toBe(0);
    });

    it('keeps the code when the anonymous_code beside it is bad', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      await expectError(t, { code, anonymous_code: 'bad' }, 40019);
      expect((await code2session(t, { code })).err_no).toBe(0);
    });

    it('keeps the anonymous_code when the code beside it is bad', async () => {
      const t = await newTestMock();
      const { anonymous_code } = await ttLogin(t);
      await expectError(t, { code: 'bad', anonymous_code }, 40018);
      expect((await code2session(t, { anonymous_code })).err_no).toBe(0);
    });
  });

  describe('malformed requests answer 200 with the envelope', () => {
    it.each([
      ['appid', { appid: 42 }],
      ['secret', { secret: ['x'] }],
      ['code', { code: 123 }],
      ['anonymous_code', { anonymous_code: { x: 1 } }],
    ])('rejects a non-string %s with 40014 naming it', async (field, body) => {
      const t = await newTestMock();
      const r = await expectError(t, { code: 'c', ...body }, 40014);
      expect(r.err_tips).toContain(field);
    });

    it('rejects a malformed JSON body with 40014', async () => {
      const t = await newTestMock();
      const res = await t.request(PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"appid": ' });
      const r = await expectStatus(res, 200);
      expect(r).toMatchObject({ err_no: 40014, data: {} });
      expect(r.err_tips).toContain('JSON');
    });

    it.each([['[1,2]'], ['"text"'], ['null'], ['7']])('rejects the non-object JSON body %s with 40014', async (body) => {
      const t = await newTestMock();
      const res = await t.request(PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(await expectStatus(res, 200)).toMatchObject({ err_no: 40014 });
    });

    it('rejects a JSON text sent as text/plain with 40014', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const res = await t.request(PATH, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid, secret: DEMO.secret, code }) });
      expect(await expectStatus(res, 200)).toMatchObject({ err_no: 40014 });
      expect((await code2session(t, { code })).err_no).toBe(0);
    });

    it('rejects a form-encoded body with 40014', async () => {
      const t = await newTestMock();
      const { code } = await ttLogin(t);
      const res = await t.request(PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ appid: DEMO.appid, secret: DEMO.secret, code }).toString(),
      });
      const r = await expectStatus(res, 200);
      expect(r).toMatchObject({ err_no: 40014 });
      expect(r.err_tips).toContain('Content-Type');
    });
  });
});
