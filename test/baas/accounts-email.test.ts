import { describe, expect, it } from 'vitest';
import { expectStatus, hserve, json, newTestMock, type TestMock } from '../helpers.js';
import { logsIn, outboxOf, registers } from './account-actions.js';

const TENANT = '7f2c5a9e1b3d4c6e8a0f';
const pathOf = (link: string) => {
  const u = new URL(link);
  return `${u.pathname}${u.search}`;
};
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
const requestReset = (t: TestMock, email: unknown) => hserve(t, 'POST', '/hserve/v2.0/user/password/reset/', { email });

describe('POST /hserve/v2.0/user/email-verify/', () => {
  it('answers 201 and mails a link that verifies the address', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'email', 'verify.me@example.com');
    expect(await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/user/email-verify/', {}, { token: reg.token }), 201)).toEqual({ status: 'ok' });
    const [mail] = await outboxOf(t, 'verify.me@example.com');
    expect(mail).toMatchObject({ kind: 'email', purpose: 'email-verify', link: expect.stringContaining('/__mock/verify-email?token=') });
    expect(mail!.text).toContain(mail!.link);
    const opened = await expectStatus(await t.request(pathOf(mail!.link!)), 200);
    expect(opened).toMatchObject({ status: 'ok', user_id: reg.user_id, email: 'verify.me@example.com' });
    const me = await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token: reg.token }), 200);
    expect(me._email_verified).toBe(true);
  });

  it('refuses a link once the user has changed the address', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'email', 'old@example.com');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/user/email-verify/', {}, { token: reg.token }), 201);
    const [mail] = await outboxOf(t, 'old@example.com');
    await expectStatus(await hserve(t, 'PUT', '/hserve/v2.2/user/account/', { email: 'new@example.com' }, { token: reg.token }), 200);
    const res = await expectStatus(await t.request(pathOf(mail!.link!)), 400);
    expect(res.mock.error).toMatch(/^token: .*no longer has/);
    expect(t.store.user(TENANT, reg.user_id)!._email_verified).toBe(false);
  });

  it('refuses an expired or tampered link', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'email', 'slow@example.com');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/user/email-verify/', {}, { token: reg.token }), 201);
    const [mail] = await outboxOf(t, 'slow@example.com');
    const token = tokenOf(mail!.link!);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await expectStatus(await t.request(`/__mock/verify-email?token=${tampered}`), 400)).mock.field).toBe('token');
    expect((await expectStatus(await t.request('/__mock/verify-email'), 400)).mock.error).toMatch(/^token: is required/);
    t.clock.advance(24 * 3600 * 1000);
    expect((await expectStatus(await t.request(pathOf(mail!.link!)), 400)).mock.error).toMatch(/expired/);
  });

  it('answers 400 for a user without an email and 401 without a session', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'username', 'mailless');
    const res = await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/user/email-verify/', {}, { token: reg.token }), 400);
    expect(res.error_msg).toMatch(/^email: /);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/user/email-verify/', {}), 401);
  });
});

describe('POST /hserve/v2.0/user/password/reset/', () => {
  it('answers 201 and mails a reset link that sets a new password once', async () => {
    const t = await newTestMock();
    expect(await expectStatus(await requestReset(t, 'IFANRX@ifanr.com'), 201)).toEqual({ status: 'ok' });
    const [mail] = await outboxOf(t, 'ifanrx@ifanr.com');
    expect(mail).toMatchObject({ kind: 'email', purpose: 'password-reset', code: expect.any(String), link: expect.stringContaining('/__mock/password-reset?token=') });
    const info = await expectStatus(await t.request(pathOf(mail!.link!)), 200);
    expect(info).toMatchObject({ status: 'ok', user_id: 310000000000002, email: 'ifanrx@ifanr.com' });
    await expectStatus(await t.request('/__mock/password-reset', json({ token: mail!.code, password: 'brand-new' })), 200);
    await logsIn(t, 'email', 'ifanrx@ifanr.com', 'brand-new');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/email/', { email: 'ifanrx@ifanr.com', password: 'ifanrx123' }), 400);
    const again = await expectStatus(await t.request('/__mock/password-reset', json({ token: mail!.code, password: 'third' })), 400);
    expect(again.mock.error).toMatch(/already used/);
  });

  it('refuses a reset link after an hour', async () => {
    const t = await newTestMock();
    await expectStatus(await requestReset(t, 'ifanrx@ifanr.com'), 201);
    const [mail] = await outboxOf(t, 'ifanrx@ifanr.com');
    t.clock.advance(3600 * 1000);
    await expectStatus(await t.request('/__mock/password-reset', json({ token: mail!.code, password: 'late' })), 400);
    await logsIn(t, 'email', 'ifanrx@ifanr.com', 'ifanrx123');
  });

  it('does not take a verification token as a reset token', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'email', 'ifanrx@ifanr.com', 'ifanrx123');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/user/email-verify/', {}, { token }), 201);
    const [mail] = await outboxOf(t, 'ifanrx@ifanr.com');
    await expectStatus(await t.request('/__mock/password-reset', json({ token: tokenOf(mail!.link!), password: 'sneaky' })), 400);
  });

  it('answers 404 for an unknown email', async () => {
    const t = await newTestMock();
    const res = await expectStatus(await requestReset(t, 'nobody@example.com'), 404);
    expect(res.error_msg).toMatch(/^email: no user/);
    expect(await outboxOf(t, 'nobody@example.com')).toEqual([]);
  });

  it('answers 400 for an unverified email', async () => {
    const t = await newTestMock();
    await registers(t, 'email', 'fresh@example.com');
    const res = await expectStatus(await requestReset(t, 'fresh@example.com'), 400);
    expect(res.error_msg).toMatch(/not verified/);
  });

  it.each([
    [undefined, /^email: is required/],
    [42, /^email: must be a string/],
    ['not-mail', /^email: is not a valid email address/],
  ])('answers 400 naming the field for email %j', async (email, message) => {
    const t = await newTestMock();
    expect((await expectStatus(await requestReset(t, email), 400)).error_msg).toMatch(message);
  });

  it('refuses a reset completion without a token or password', async () => {
    const t = await newTestMock();
    expect((await expectStatus(await t.request('/__mock/password-reset', json({ password: 'x' })), 400)).mock.field).toBe('token');
    expect((await expectStatus(await t.request('/__mock/password-reset', json({ token: 'x' })), 400)).mock.field).toBe('password');
  });
});
