import { describe, expect, it } from 'vitest';
import { expectStatus, hserve, newTestMock, type TestMock } from '../helpers.js';
import { logsIn, logsInAnonymously, registers, smsCodeFor } from './account-actions.js';

const PATH = '/hserve/v2.2/user/account/';
const TENANT = '7f2c5a9e1b3d4c6e8a0f';

const account = async (t: TestMock, token: string, body: unknown, status = 200) => expectStatus(await hserve(t, 'PUT', PATH, body, { token }), status);
const loginFails = async (t: TestMock, kind: string, name: string, password: string) =>
  expectStatus(await hserve(t, 'POST', `/hserve/v2.1/login/${kind}/`, { [kind]: name, password }), 400);

describe('PUT /hserve/v2.2/user/account/', () => {
  it('sets a username and answers 200 with the full record', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'email', 'ming@example.com', 'pw');
    const res = await account(t, reg.token, { username: 'Ming' });
    expect(res).toMatchObject({ id: reg.user_id, _username: 'Ming', _email: 'ming@example.com', _provider: {}, _anonymous: false });
    await logsIn(t, 'username', 'ming', 'pw');
  });

  it('lower-cases a new email and marks it unverified', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'email', 'ifanrx@ifanr.com', 'ifanrx123');
    const res = await account(t, token, { email: 'New@Example.COM' });
    expect(res).toMatchObject({ _email: 'new@example.com', _email_verified: false });
    await logsIn(t, 'email', 'new@example.com', 'ifanrx123');
    await loginFails(t, 'email', 'ifanrx@ifanr.com', 'ifanrx123');
  });

  it('keeps the email verified when the same address is sent in another case', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'email', 'ifanrx@ifanr.com', 'ifanrx123');
    expect(await account(t, token, { email: 'IFANRX@ifanr.com' })).toMatchObject({ _email: 'ifanrx@ifanr.com', _email_verified: true });
  });

  it('resets _phone_verified when the phone changes', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, '13800000001');
    const sms = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/sms/', { phone: '13800000001', code }), 201);
    expect(sms._phone_verified).toBe(true);
    expect(await account(t, sms.token, { phone: '13800000001' })).toMatchObject({ _phone_verified: true });
    expect(await account(t, sms.token, { phone: '+8613800000002' })).toMatchObject({ _phone: '+8613800000002', _phone_verified: false });
  });

  it('clears a field set to null', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'username', 'temp', 'pw');
    await account(t, reg.token, { email: 'temp@example.com' });
    const res = await account(t, reg.token, { username: null });
    expect(res).toMatchObject({ _username: null, _email: 'temp@example.com' });
    expect(t.store.userByUsername(TENANT, 'temp')).toBeUndefined();
    await registers(t, 'username', 'temp');
  });

  it('answers 400 naming the field for a name another user has, in any case', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'username', 'someone', 'pw');
    expect((await account(t, reg.token, { username: 'IFANRX' }, 400)).error_msg).toMatch(/^username: .*already registered/);
    expect((await account(t, reg.token, { email: 'IfanrX@ifanr.com' }, 400)).error_msg).toMatch(/^email: .*already registered/);
    expect(t.store.user(TENANT, reg.user_id)!._username).toBe('someone');
  });

  it('lets a user change the case of their own username', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    expect((await account(t, token, { username: 'IfanrX' }))._username).toBe('IfanrX');
  });

  it('changes the password when the current one is given', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    await account(t, token, { password: '111111', new_password: 'n3w' });
    await logsIn(t, 'username', 'ifanrx', 'n3w');
    await loginFails(t, 'username', 'ifanrx', '111111');
  });

  it('answers 400 for a wrong current password and keeps the old one', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    expect((await account(t, token, { password: 'wrong', new_password: 'n3w' }, 400)).error_msg).toBe('password: is incorrect');
    expect((await account(t, token, { new_password: 'n3w' }, 400)).error_msg).toMatch(/^password: is required/);
    await logsIn(t, 'username', 'ifanrx', '111111');
  });

  it('sets a first password without an old one (setAccount after SMS login)', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, '13800000003');
    const sms = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/sms/', { phone: '13800000003', code }), 201);
    const res = await account(t, sms.token, { username: 'texter', new_password: 'first', password: '' });
    expect(res._username).toBe('texter');
    await logsIn(t, 'username', 'texter', 'first');
    await logsIn(t, 'phone', '13800000003', 'first');
  });

  it('answers 403 to an anonymous user', async () => {
    const t = await newTestMock();
    const anon = await logsInAnonymously(t);
    const res = await account(t, anon.token, { username: 'ghost' }, 403);
    expect(res.error_msg).toMatch(/anonymous/);
    expect(t.store.userByUsername(TENANT, 'ghost')).toBeUndefined();
  });

  it.each([
    [{}, /^body: must set at least one/],
    [{ username: '' }, /^username: must not be empty/],
    [{ username: 5 }, /^username: must be a string/],
    [{ email: 'nope' }, /^email: is not a valid email address/],
    [{ phone: '12ab' }, /^phone: must be a phone number/],
    [{ password: '111111' }, /^new_password: is required/],
    [{ new_password: '' }, /^new_password: is required/],
    [{ new_password: 123 }, /^new_password: must be a string/],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    expect((await account(t, token, body, 400)).error_msg).toMatch(message);
  });

  it('answers 401 without a session', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'PUT', PATH, { username: 'x' }), 401);
  });
});
