import { describe, expect, it } from 'vitest';
import { DEMO, expectStatus, hserve, newTestMock } from '../helpers.js';
import { logsIn, logsInAnonymously, registers, SEEDED, smsCodeFor } from './account-actions.js';

describe('POST /hserve/v2.1/login/{username,email,phone}/', () => {
  it('logs the seeded username user in with 201 and the full record', async () => {
    const t = await newTestMock();
    const res = await logsIn(t, 'username', SEEDED.username.username, SEEDED.username.password);
    expect(res).toMatchObject({ user_id: SEEDED.username.id, id: SEEDED.username.id, _username: 'ifanrx', expires_in: 2592000 });
    const me = await expectStatus(await hserve(t, 'GET', `/hserve/v2.5/user/info/${res.user_id}/`, undefined, { token: res.token }), 200);
    expect(me.id).toBe(SEEDED.username.id);
  });

  it('finds usernames and emails whatever their case', async () => {
    const t = await newTestMock();
    expect((await logsIn(t, 'username', 'IfAnRx', '111111')).user_id).toBe(SEEDED.username.id);
    expect((await logsIn(t, 'email', 'IFANRX@IFANR.COM', 'ifanrx123')).user_id).toBe(SEEDED.email.id);
  });

  it('logs a phone user in', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'phone', '13900000000', 'pw');
    expect((await logsIn(t, 'phone', '13900000000', 'pw')).user_id).toBe(reg.user_id);
  });

  it('issues a new token on every login', async () => {
    const t = await newTestMock();
    const a = await logsIn(t, 'username', 'ifanrx', '111111');
    const b = await logsIn(t, 'username', 'ifanrx', '111111');
    expect(a.token).not.toBe(b.token);
  });

  it('answers the same 400 for a wrong password and an unknown account', async () => {
    const t = await newTestMock();
    const wrong = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/username/', { username: 'ifanrx', password: 'nope' }), 400);
    const unknown = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/username/', { username: 'nobody', password: 'nope' }), 400);
    expect(wrong).toEqual({ status: 'error', error_msg: 'username or password is incorrect' });
    expect(unknown).toEqual(wrong);
  });

  it('refuses a password login to a user without a password', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, '13700000000');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/sms/', { phone: '13700000000', code }), 201);
    const refused = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/phone/', { phone: '13700000000', password: 'guess' }), 400);
    expect(refused.error_msg).toBe('phone or password is incorrect');
  });

  it('ignores a stale Authorization header', async () => {
    const t = await newTestMock();
    const old = await logsIn(t, 'username', 'ifanrx', '111111');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/session/destroy/', {}, { token: old.token }), 201);
    await logsIn(t, 'username', 'ifanrx', '111111', { token: old.token });
  });

  it.each([
    [{ password: 'x' }, /^username: is required/],
    [{ username: 'ifanrx' }, /^password: is required/],
    [{ username: ['ifanrx'], password: 'x' }, /^username: must be a string/],
    [{ username: 'ifanrx', password: 111111 }, /^password: must be a string/],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const t = await newTestMock();
    const res = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/username/', body), 400);
    expect(res.error_msg).toMatch(message);
  });

  it('keeps users of one environment out of another', async () => {
    const t = await newTestMock();
    await registers(t, 'username', 'stager', 'pw', { envId: 'staging' });
    await logsIn(t, 'username', 'stager', 'pw', { envId: 'staging' });
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/username/', { username: 'stager', password: 'pw' }), 400);
  });
});

describe('POST /hserve/v2.0/login/anonymous/', () => {
  it('creates an anonymous user and answers 201 with a login response', async () => {
    const t = await newTestMock();
    const res = await logsInAnonymously(t);
    expect(res).toMatchObject({ _anonymous: true, _username: null, _email: null, nickname: null, expires_in: 2592000 });
    const me = await expectStatus(await hserve(t, 'GET', `/hserve/v2.5/user/info/${res.user_id}/`, undefined, { token: res.token }), 200);
    expect(me._anonymous).toBe(true);
  });

  it('creates a new user every time', async () => {
    const t = await newTestMock();
    const a = await logsInAnonymously(t);
    const b = await logsInAnonymously(t);
    expect(a.user_id).not.toBe(b.user_id);
  });

  it('accepts an empty body and refuses a malformed one', async () => {
    const t = await newTestMock();
    const res = await t.request('/hserve/v2.0/login/anonymous/', { method: 'POST', headers: { 'X-Hydrogen-Client-ID': DEMO.clientId } });
    await expectStatus(res, 201);
    const bad = await t.request('/hserve/v2.0/login/anonymous/', {
      method: 'POST',
      headers: { 'X-Hydrogen-Client-ID': DEMO.clientId, 'content-type': 'application/json' },
      body: '{',
    });
    expect((await expectStatus(bad, 400)).error_msg).toMatch(/^body: /);
  });
});
