import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO, expectStatus, fixtures, json, newTestMock, ttLogin, ttUserInfo, type TestMock } from '../helpers.js';
import { code2session } from '../openplatform/code2session-client.js';

const login = (t: TestMock, body: Record<string, unknown>) => t.request('/__mock/bytedance/login', json(body));
const userInfo = (t: TestMock, body: Record<string, unknown>) => t.request('/__mock/bytedance/user-info', json(body));

async function expectFieldError(res: Response, field: string, status = 400) {
  const body = await expectStatus(res, status);
  expect(body.mock.field).toBe(field);
  expect(body.mock.error).toContain(field);
  return body;
}

/** What a developer's server does with tt.getUserInfo data, written against Node's crypto alone. */
function verifyAsDeveloper(info: { rawData: string; signature: string; encryptedData: string; iv: string }, sessionKey: string) {
  const signatureOk = createHash('sha1').update(info.rawData + sessionKey).digest('hex') === info.signature;
  let decrypted: any = null;
  try {
    const decipher = createDecipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(info.iv, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(info.encryptedData, 'base64')), decipher.final()]);
    decrypted = JSON.parse(plain.toString('utf8'));
  } catch {
    // a wrong key fails the padding check or yields text that is not JSON
  }
  return { signatureOk, decrypted };
}

describe('POST /__mock/bytedance/login', () => {
  it('gives a person logged into the host app a code, an anonymous code and is_login', async () => {
    const t = await newTestMock();
    const r = await expectStatus(await login(t, { client_id: DEMO.clientId, host: 'douyin', person: 'alice' }), 200);
    expect(r).toMatchObject({ code: expect.any(String), anonymous_code: expect.any(String), is_login: true, appid: DEMO.appid });
    expect((await code2session(t, { code: r.code })).err_no).toBe(0);
  });

  it('accepts the mini-program by appid', async () => {
    const t = await newTestMock();
    const r = await ttLogin(t, 'alice', 'toutiao', { appid: DEMO.appid });
    expect((await code2session(t, { code: r.code })).err_no).toBe(0);
  });

  it('gives no code to a person who is not logged into the host app', async () => {
    const t = await newTestMock();
    const r = await ttLogin(t, 'bob', 'toutiao');
    expect(r.code).toBeNull();
    expect(r.is_login).toBe(false);
    expect(r.anonymous_code).toEqual(expect.any(String));
    expect((await code2session(t, { anonymous_code: r.anonymous_code })).data.anonymous_openid).toMatch(/anon$/);
  });

  it('gives a code when force stands for an accepted host login', async () => {
    const t = await newTestMock();
    const r = await ttLogin(t, 'bob', 'toutiao', { client_id: DEMO.clientId, force: true });
    expect(r.is_login).toBe(true);
    expect((await code2session(t, { code: r.code })).err_no).toBe(0);
  });

  it('issues a new code and anonymous code on every call', async () => {
    const t = await newTestMock();
    const a = await ttLogin(t);
    const b = await ttLogin(t);
    expect(b.code).not.toBe(a.code);
    expect(b.anonymous_code).not.toBe(a.anonymous_code);
  });

  it('rotates the session_key on every login, and an older code keeps its own key', async () => {
    const t = await newTestMock();
    const first = await ttLogin(t);
    const second = await ttLogin(t);
    const key2 = (await code2session(t, { code: second.code })).data.session_key;
    const key1 = (await code2session(t, { code: first.code })).data.session_key;
    expect(key1).toEqual(expect.any(String));
    expect(key2).toEqual(expect.any(String));
    expect(key1).not.toBe(key2);
  });

  it('gives an unknown client a derived appid that code2session accepts with the listed secret', async () => {
    const t = await newTestMock();
    const clientId = 'ci-job-4711';
    const r = await ttLogin(t, 'alice', 'douyin', { client_id: clientId });
    const { appid } = r as unknown as { appid: string };
    expect(appid).toMatch(/^tt[0-9a-f]{16}$/);
    const { clients } = await expectStatus(await t.request('/__mock/clients'), 200);
    const listed = clients.find((c: { client_id: string }) => c.client_id === clientId);
    expect(listed).toMatchObject({ appid, derived: true });
    const ok = await code2session(t, { appid, secret: listed.secret, code: r.code });
    expect(ok.err_no).toBe(0);
    expect(ok.data.openid).toMatch(/^_000/);
  });

  it('derives an app for a client ID that names an Object.prototype member', async () => {
    const t = await newTestMock();
    const r = await expectStatus(await login(t, { client_id: 'constructor', host: 'douyin', person: 'alice' }), 200);
    expect(r.appid).toMatch(/^tt[0-9a-f]{16}$/);
  });

  it('forgets a derived appid once an import brings another seed', async () => {
    const t = await newTestMock();
    const before = await ttLogin(t, 'alice', 'douyin', { client_id: 'ci-job-4711' });
    const { appid } = before as unknown as { appid: string };
    const snapshot = await expectStatus(await t.request('/__mock/export'), 200);
    snapshot.platform.seed = 'ffffffffffffffffffffffffffffffff';
    await expectStatus(await t.request('/__mock/import', json(snapshot)), 200);
    await expectFieldError(await login(t, { appid, host: 'douyin', person: 'alice' }), 'appid');
    const after = await expectStatus(await login(t, { client_id: 'ci-job-4711', host: 'douyin', person: 'alice' }), 200);
    expect(after.appid).not.toBe(appid);
  });

  describe('bad requests name the field', () => {
    it('rejects an unknown person', async () => {
      const t = await newTestMock();
      await expectFieldError(await login(t, { client_id: DEMO.clientId, host: 'douyin', person: 'mallory' }), 'person');
    });

    it('rejects a person name inherited from Object.prototype', async () => {
      const t = await newTestMock();
      await expectFieldError(await login(t, { client_id: DEMO.clientId, host: 'douyin', person: 'toString' }), 'person');
    });

    it('rejects an unknown host app', async () => {
      const t = await newTestMock();
      await expectFieldError(await login(t, { client_id: DEMO.clientId, host: 'wechat', person: 'alice' }), 'host');
    });

    it('rejects an unknown client when clients are strict', async () => {
      const t = await newTestMock({ strictClients: true });
      await expectFieldError(await login(t, { client_id: 'not-in-store', host: 'douyin', person: 'alice' }), 'client_id');
    });

    it('rejects an unknown appid', async () => {
      const t = await newTestMock();
      await expectFieldError(await login(t, { appid: 'tt0000000000000000', host: 'douyin', person: 'alice' }), 'appid');
    });

    it('rejects a request naming no mini-program', async () => {
      const t = await newTestMock();
      await expectFieldError(await login(t, { host: 'douyin', person: 'alice' }), 'client_id');
    });

    it('rejects a client_id and an appid that name different mini-programs', async () => {
      const t = await newTestMock();
      await expectFieldError(await login(t, { client_id: 'other-client', appid: DEMO.appid, host: 'douyin', person: 'alice' }), 'appid');
    });

    it('rejects a client ID that 知晓云 requests could never carry', async () => {
      const t = await newTestMock();
      await expectFieldError(await login(t, { client_id: 'has spaces/and slashes', host: 'douyin', person: 'alice' }), 'client_id');
    });

    it.each([
      ['person', { person: undefined }],
      ['host', { host: undefined }],
      ['person', { person: 7 }],
      ['client_id', { client_id: 7 }],
      ['force', { force: 'yes' }],
      ['device', { device: 1 }],
    ])('rejects a missing or mistyped %s', async (field, patch) => {
      const t = await newTestMock();
      await expectFieldError(await login(t, { client_id: DEMO.clientId, host: 'douyin', person: 'alice', ...patch }), field);
    });

    it('rejects a malformed JSON body', async () => {
      const t = await newTestMock();
      const res = await t.request('/__mock/bytedance/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
      await expectFieldError(res, 'body');
    });
  });
});

describe('POST /__mock/bytedance/logins', () => {
  const logins = (t: TestMock, body: Record<string, unknown>) => t.request('/__mock/bytedance/logins', json(body));
  const subject = { client_id: DEMO.clientId, host: 'douyin' };

  it('gives each person, in order, a code that code2session exchanges for that person', async () => {
    const t = await newTestMock();
    const r = await expectStatus(await logins(t, { ...subject, people: ['alice', 'carol', 'alice'] }), 200);
    expect(r.appid).toBe(DEMO.appid);
    expect(r.logins.map((l: { person: string }) => l.person)).toEqual(['alice', 'carol', 'alice']);
    const codes = r.logins.map((l: { code: string }) => l.code);
    expect(new Set(codes).size).toBe(3);
    const openids = [];
    for (const code of codes) openids.push((await code2session(t, { code })).data.openid);
    const single = await ttLogin(t, 'alice', 'douyin');
    expect(openids[0]).toBe((await code2session(t, { code: single.code })).data.openid);
    expect(openids[2]).toBe(openids[0]);
    expect(openids[1]).not.toBe(openids[0]);
  });

  it('answers like tt.login for a person not logged into the host app, and force stands for a login', async () => {
    const t = await newTestMock();
    const r = await expectStatus(await logins(t, { client_id: DEMO.clientId, host: 'toutiao', people: ['bob'] }), 200);
    expect(r.logins[0]).toMatchObject({ person: 'bob', code: null, is_login: false, anonymous_code: expect.any(String), expires_in: 300 });
    const forced = await expectStatus(await logins(t, { client_id: DEMO.clientId, host: 'toutiao', people: ['bob'], force: true }), 200);
    expect(forced.logins[0].is_login).toBe(true);
    expect((await code2session(t, { code: forced.logins[0].code })).err_no).toBe(0);
  });

  it('issues no code at all when one person of the list is unknown, and names that entry', async () => {
    const t = await newTestMock();
    const body = await expectFieldError(await logins(t, { ...subject, people: ['alice', 'mallory', 'bob'] }), 'people[1]');
    expect(body.mock.error).toContain('mallory');
    expect(body.mock.hint).toContain('alice');
    expect(t.platform.sessionKeyOf(DEMO.appid, 'douyin', 'alice')).toBeUndefined();
  });

  it('is neither faulted by a tt.login rule nor written to the request journal', async () => {
    const t = await newTestMock();
    t.faults.add('tt.login=status:500');
    await expectStatus(await logins(t, { ...subject, people: ['alice'] }), 200);
    expect(t.journal.list()).toEqual([]);
  });

  describe('bad requests name the field', () => {
    it.each([
      ['people', { people: undefined }],
      ['people', { people: 'alice' }],
      ['people', { people: [] }],
      ['people[0]', { people: [7] }],
      ['people[1]', { people: ['alice', ''] }],
      ['people[0]', { people: ['toString'] }],
      ['host', { host: 'wechat' }],
      ['client_id', { client_id: undefined }],
      ['force', { force: 'yes' }],
    ])('rejects a missing or wrong %s', async (field, patch) => {
      const t = await newTestMock();
      await expectFieldError(await logins(t, { ...subject, people: ['alice'], ...patch }), field);
    });

    it('refuses more people than one call takes', async () => {
      const t = await newTestMock();
      const body = await expectFieldError(await logins(t, { ...subject, people: Array.from({ length: 10_001 }, () => 'alice') }), 'people');
      expect(body.mock.error).toContain('10,000');
      expect(t.platform.sessionKeyOf(DEMO.appid, 'douyin', 'alice')).toBeUndefined();
    });
  });
});

describe('the hint for an unknown person', () => {
  it('names a few people of a large store and where to find the rest', async () => {
    const seed = structuredClone(fixtures);
    for (let i = 0; i < 500; i++) seed.people[`load-${i}`] = { ...seed.people.alice!, loggedInto: ['douyin'] };
    const t = await newTestMock({}, seed);
    const body = await expectFieldError(await login(t, { client_id: DEMO.clientId, host: 'douyin', person: 'mallory' }), 'person');
    expect(body.mock.hint).toContain('alice');
    expect(body.mock.hint).toMatch(/and 483 more \(GET \/__mock\/people lists them\)/);
    expect(body.mock.hint.length).toBeLessThan(400);
  });
});

describe('POST /__mock/bytedance/user-info', () => {
  it('signs and encrypts the profile so that a developer server verifies it', async () => {
    const t = await newTestMock();
    const { code } = await ttLogin(t);
    const info = await ttUserInfo(t);
    const { data } = await code2session(t, { code });
    const { signatureOk, decrypted } = verifyAsDeveloper(info, data.session_key!);
    expect(signatureOk).toBe(true);
    expect(decrypted.watermark.appid).toBe(DEMO.appid);
    expect(decrypted.watermark.timestamp).toBe(Math.floor(t.clock.now() / 1000));
    expect(decrypted.openId).toBe(data.openid);
    expect(decrypted.nickName).toBe('爱丽丝');
    expect(JSON.parse(info.rawData)).toEqual(info.userInfo);
    expect(Buffer.from(info.iv, 'base64')).toHaveLength(16);
  });

  it('produces data that fails with the session_key of an older login', async () => {
    const t = await newTestMock();
    const first = await ttLogin(t);
    await ttLogin(t);
    const info = await ttUserInfo(t);
    const { data } = await code2session(t, { code: first.code });
    const { signatureOk, decrypted } = verifyAsDeveloper(info, data.session_key!);
    expect(signatureOk).toBe(false);
    expect(decrypted?.openId).toBeUndefined();
  });

  it('uses the key of the latest login in that host app only', async () => {
    const t = await newTestMock();
    const douyin = await ttLogin(t, 'alice', 'douyin');
    await ttLogin(t, 'alice', 'toutiao');
    const info = await ttUserInfo(t, 'alice', 'douyin');
    const { data } = await code2session(t, { code: douyin.code });
    expect(verifyAsDeveloper(info, data.session_key!).signatureOk).toBe(true);
  });

  it('sends no signature or encrypted data without with_credentials', async () => {
    const t = await newTestMock();
    await ttLogin(t);
    const r = await expectStatus(await userInfo(t, { client_id: DEMO.clientId, host: 'douyin', person: 'alice' }), 200);
    expect(r.errMsg).toBe('getUserInfo:ok');
    expect(r.userInfo.nickName).toBe('爱丽丝');
    expect(JSON.parse(r.rawData)).toEqual(r.userInfo);
    expect(r).not.toHaveProperty('signature');
    expect(r).not.toHaveProperty('encryptedData');
    expect(r).not.toHaveProperty('iv');
  });

  it('fails before any login', async () => {
    const t = await newTestMock();
    const res = await userInfo(t, { client_id: DEMO.clientId, host: 'douyin', person: 'alice', with_credentials: true });
    const body = await expectStatus(res, 400);
    expect(body.errMsg).toMatch(/^getUserInfo:fail /);
  });

  it('fails for a person whose login gave no code', async () => {
    const t = await newTestMock();
    await ttLogin(t, 'bob', 'toutiao');
    const body = await expectStatus(await userInfo(t, { client_id: DEMO.clientId, host: 'toutiao', person: 'bob' }), 400);
    expect(body.errMsg).toMatch(/^getUserInfo:fail /);
  });

  it('rejects an unknown person naming the field', async () => {
    const t = await newTestMock();
    await expectFieldError(await userInfo(t, { client_id: DEMO.clientId, host: 'douyin', person: 'mallory' }), 'person');
  });

  it('rejects a non-boolean with_credentials naming the field', async () => {
    const t = await newTestMock();
    await ttLogin(t);
    const res = await userInfo(t, { client_id: DEMO.clientId, host: 'douyin', person: 'alice', with_credentials: 'true' });
    await expectFieldError(res, 'with_credentials');
  });
});
