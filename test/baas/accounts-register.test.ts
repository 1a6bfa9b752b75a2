import { describe, expect, it } from 'vitest';
import { expectStatus, hserve, newTestMock } from '../helpers.js';
import { logsIn, logsInAnonymously, registers } from './account-actions.js';

describe('POST /hserve/v2.1/register/{username,email,phone}/', () => {
  it('creates a user and answers 201 with a login response carrying the full record', async () => {
    const t = await newTestMock();
    const res = await registers(t, 'username', 'lin_ming');
    expect(res).toMatchObject({ expires_in: 2592000, user_id: res.id, _username: 'lin_ming', _anonymous: false, _email: null, _provider: {} });
    expect(typeof res.token).toBe('string');
    expect(res.created_at).toBe(Math.floor(t.clock.now() / 1000));
    const me = await expectStatus(await hserve(t, 'GET', `/hserve/v2.5/user/info/${res.user_id}/`, undefined, { token: res.token }), 200);
    expect(me._username).toBe('lin_ming');
  });

  it('registers by email, lower-casing the address', async () => {
    const t = await newTestMock();
    const res = await registers(t, 'email', 'Lin.Ming@Example.COM');
    expect(res._email).toBe('lin.ming@example.com');
    expect(res._email_verified).toBe(false);
    await logsIn(t, 'email', 'LIN.MING@example.com', 'secret-1');
  });

  it('registers by phone, unverified', async () => {
    const t = await newTestMock();
    const res = await registers(t, 'phone', '+8613800000000');
    expect(res).toMatchObject({ _phone: '+8613800000000', _phone_verified: false });
  });

  it('stores no password in the record', async () => {
    const t = await newTestMock();
    const res = await registers(t, 'username', 'quiet', 'hunter22');
    expect(JSON.stringify(res)).not.toMatch(/hunter22|scrypt|password/);
    expect(t.store.password('7f2c5a9e1b3d4c6e8a0f', res.id as number)).toMatch(/^scrypt\$/);
  });

  it('refuses a username that differs from a taken one only in case', async () => {
    const t = await newTestMock();
    const body = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'IFANRX', password: 'x' }), 400);
    expect(body).toEqual({ status: 'error', error_msg: expect.stringMatching(/^username: .*already registered/) });
  });

  it('refuses a taken email in any case', async () => {
    const t = await newTestMock();
    const body = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/email/', { email: 'IFANRX@ifanr.com', password: 'x' }), 400);
    expect(body.error_msg).toMatch(/^email: .*already registered/);
  });

  it('refuses a taken phone', async () => {
    const t = await newTestMock();
    await registers(t, 'phone', '13800000000');
    const body = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/phone/', { phone: '13800000000', password: 'x' }), 400);
    expect(body.error_msg).toMatch(/^phone: .*already registered/);
  });

  it('creates one user when the same name is registered twice at once', async () => {
    const t = await newTestMock();
    const send = () => hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'racer', password: 'x' });
    const statuses = (await Promise.all([send(), send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 400, 400]);
    expect(t.store.userByUsername('7f2c5a9e1b3d4c6e8a0f', 'racer')).toBeDefined();
  });

  it.each([
    ['username', { password: 'x' }, /^username: is required/],
    ['username', { username: '', password: 'x' }, /^username: is required/],
    ['username', { username: 42, password: 'x' }, /^username: must be a string/],
    ['username', { username: 'two words', password: 'x' }, /^username: /],
    ['username', { username: 'a'.repeat(65), password: 'x' }, /^username: /],
    ['username', { username: 'lin' }, /^password: is required/],
    ['username', { username: 'lin', password: '' }, /^password: is required/],
    ['username', { username: 'lin', password: 123456 }, /^password: must be a string/],
    ['email', { email: 'not-an-email', password: 'x' }, /^email: is not a valid email address/],
    ['email', { email: ['a@b.cn'], password: 'x' }, /^email: must be a string/],
    ['phone', { phone: '138-0000-0000', password: 'x' }, /^phone: must be a phone number/],
    ['phone', { phone: 13800000000, password: 'x' }, /^phone: must be a string/],
  ])('answers 400 naming the field for a bad %s body %j', async (kind, body, message) => {
    const t = await newTestMock();
    const res = await expectStatus(await hserve(t, 'POST', `/hserve/v2.1/register/${kind}/`, body), 400);
    expect(res.error_msg).toMatch(message);
  });

  it('answers 400 for malformed JSON', async () => {
    const t = await newTestMock();
    const res = await t.request('/hserve/v2.1/register/username/', {
      method: 'POST',
      headers: { 'X-Hydrogen-Client-ID': '7f2c5a9e1b3d4c6e8a0f', 'content-type': 'application/json' },
      body: '{"username": "a",',
    });
    expect((await expectStatus(res, 400)).error_msg).toMatch(/^body: is not valid JSON/);
  });

  it('answers 400 for a JSON body that is not an object', async () => {
    const t = await newTestMock();
    const res = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/username/', ['lin', 'x']), 400);
    expect(res.error_msg).toMatch(/^body: must be a JSON object/);
  });

  it('turns the anonymous user of the session into a registered user with the same id', async () => {
    const t = await newTestMock();
    const anon = await logsInAnonymously(t);
    const res = await registers(t, 'email', 'guest@example.com', 'pw', { token: anon.token });
    expect(res.user_id).toBe(anon.user_id);
    expect(res).toMatchObject({ _anonymous: false, _email: 'guest@example.com', created_at: anon.created_at });
    const again = await logsIn(t, 'email', 'guest@example.com', 'pw');
    expect(again.user_id).toBe(anon.user_id);
  });

  it('ignores the session of a registered user and creates a new user', async () => {
    const t = await newTestMock();
    const first = await registers(t, 'username', 'first');
    const second = await registers(t, 'username', 'second', 'pw', { token: first.token });
    expect(second.user_id).not.toBe(first.user_id);
    expect(t.store.user('7f2c5a9e1b3d4c6e8a0f', first.user_id)!._username).toBe('first');
  });

  it('ignores a stale token and creates a new user', async () => {
    const t = await newTestMock();
    const anon = await logsInAnonymously(t);
    t.clock.advance((t.deps.options.sessionTtlSeconds + 1) * 1000);
    const res = await registers(t, 'username', 'late', 'pw', { token: anon.token });
    expect(res.user_id).not.toBe(anon.user_id);
  });

  it('ignores a malformed Authorization header', async () => {
    const t = await newTestMock();
    await expectStatus(
      await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'plain', password: 'x' }, { headers: { Authorization: 'Bearer nonsense' } }),
      201,
    );
  });

  it('lets the same username be registered in two environments of one client', async () => {
    const t = await newTestMock();
    const prod = await registers(t, 'username', 'twin');
    const staging = await registers(t, 'username', 'twin', 'secret-1', { envId: 'staging' });
    expect(t.store.user('7f2c5a9e1b3d4c6e8a0f', prod.user_id)!._username).toBe('twin');
    expect(t.store.user('7f2c5a9e1b3d4c6e8a0f@staging', staging.user_id)!._username).toBe('twin');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'twin', password: 'x' }, { envId: 'staging' }), 400);
    expect(t.store.userByUsername('7f2c5a9e1b3d4c6e8a0f@staging', 'twin')).toBeDefined();
  });
});
