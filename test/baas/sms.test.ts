import { describe, expect, it } from 'vitest';
import { expectStatus, hserve, newTestMock, type TestMock } from '../helpers.js';
import { outboxOf, registers, smsCodeFor } from './account-actions.js';

const PHONE = '13800138000';
const MINUTE = 60 * 1000;
const send = (t: TestMock, phone = PHONE, opts = {}) => hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', { phone }, opts);
const smsLogin = (t: TestMock, body: unknown) => hserve(t, 'POST', '/hserve/v2.1/login/sms/', body);
const verify = (t: TestMock, body: unknown) => hserve(t, 'POST', '/hserve/v1.8/sms-verification-code/verify/', body);

describe('POST /hserve/v2.2/sms-verification-code/', () => {
  it('answers 200 ok and puts a 6-digit code in the outbox', async () => {
    const t = await newTestMock();
    expect(await expectStatus(await send(t), 200)).toEqual({ status: 'ok' });
    const [sms] = await outboxOf(t, PHONE);
    expect(sms).toMatchObject({ kind: 'sms', purpose: 'sms-code', to: PHONE, code: expect.stringMatching(/^\d{6}$/) });
    expect(sms!.text).toContain(sms!.code);
  });

  it('accepts a signature_id and refuses one that is not an integer', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', { phone: PHONE, signature_id: 7 }), 200);
    const bad = await expectStatus(await hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', { phone: '13900000001', signature_id: 'x' }), 400);
    expect(bad.error_msg).toMatch(/^signature_id: /);
  });

  it('refuses a second code to the same phone within a minute', async () => {
    const t = await newTestMock();
    await expectStatus(await send(t), 200);
    t.clock.advance(MINUTE - 1000);
    const res = await expectStatus(await send(t), 400);
    expect(res.error_msg).toMatch(/^phone: .*less than a minute ago/);
    await expectStatus(await send(t, '13800138001'), 200);
    t.clock.advance(1000);
    await expectStatus(await send(t), 200);
  });

  it('refuses the eleventh code of a day and sends again the next day', async () => {
    // 2025-01-01T04:00Z is noon in China; ten sends a minute apart stay within that day.
    const t = await newTestMock();
    for (let i = 0; i < 10; i++) {
      await expectStatus(await send(t), 200);
      t.clock.advance(MINUTE);
    }
    expect((await expectStatus(await send(t), 400)).error_msg).toMatch(/^phone: .*daily limit/);
    t.clock.advance(12 * 3600 * 1000);
    await expectStatus(await send(t), 200);
  });

  it('refuses a phone that is not digits with an optional +', async () => {
    const t = await newTestMock();
    expect((await expectStatus(await send(t, '138 0013 8000'), 400)).error_msg).toMatch(/^phone: /);
    expect((await expectStatus(await hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', {}), 400)).error_msg).toMatch(/^phone: is required/);
  });
});

describe('POST /hserve/v1.8/sms-verification-code/verify/', () => {
  it('answers 200 for the right code, once', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    expect(await expectStatus(await verify(t, { phone: PHONE, code }), 200)).toEqual({ status: 'ok' });
    expect((await expectStatus(await verify(t, { phone: PHONE, code }), 400)).error_msg).toMatch(/^code: was already used/);
  });

  it('accepts the code as a number', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    await expectStatus(await verify(t, { phone: PHONE, code: Number(code) }), 200);
  });

  it('answers 400 for a wrong code and keeps the right one usable', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await expectStatus(await verify(t, { phone: PHONE, code: wrong }), 400)).error_msg).toBe('code: is incorrect');
    await expectStatus(await verify(t, { phone: PHONE, code }), 200);
  });

  it('answers 400 once the code is 10 minutes old', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    t.clock.advance(10 * MINUTE);
    expect((await expectStatus(await verify(t, { phone: PHONE, code }), 400)).error_msg).toMatch(/^code: has expired/);
  });

  it('answers 400 when no code was sent to the phone, and for a missing code', async () => {
    const t = await newTestMock();
    expect((await expectStatus(await verify(t, { phone: PHONE, code: '123456' }), 400)).error_msg).toMatch(/^code: no code was sent/);
    expect((await expectStatus(await verify(t, { phone: PHONE }), 400)).error_msg).toMatch(/^code: is required/);
    expect((await expectStatus(await verify(t, { phone: PHONE, code: true }), 400)).error_msg).toMatch(/^code: must be a string/);
  });

  it('forgets the older code when a newer one is sent', async () => {
    const t = await newTestMock();
    const first = await smsCodeFor(t, PHONE);
    t.clock.advance(MINUTE);
    const second = await smsCodeFor(t, PHONE);
    if (first !== second) await expectStatus(await verify(t, { phone: PHONE, code: first }), 400);
    await expectStatus(await verify(t, { phone: PHONE, code: second }), 200);
  });
});

describe('POST /hserve/v2.1/login/sms/', () => {
  it('creates a user with a verified phone and answers 201 with a login response', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    const res = await expectStatus(await smsLogin(t, { phone: PHONE, code, create_user: true }), 201);
    expect(res).toMatchObject({ user_id: res.id, _phone: PHONE, _phone_verified: true, _anonymous: false, expires_in: 2592000 });
    await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token: res.token }), 200);
  });

  it('logs an existing phone user in and marks the phone verified', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'phone', PHONE);
    const code = await smsCodeFor(t, PHONE);
    const res = await expectStatus(await smsLogin(t, { phone: PHONE, code, create_user: false }), 201);
    expect(res).toMatchObject({ user_id: reg.user_id, _phone_verified: true });
  });

  it('answers 404 for an unknown phone with create_user false, and the code still works', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    const res = await expectStatus(await smsLogin(t, { phone: PHONE, code, create_user: false }), 404);
    expect(res.error_msg).toMatch(/^phone: no user has the phone/);
    expect(t.store.userByPhone('7f2c5a9e1b3d4c6e8a0f', PHONE)).toBeUndefined();
    await expectStatus(await smsLogin(t, { phone: PHONE, code }), 201);
  });

  it('uses a code once', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    await expectStatus(await smsLogin(t, { phone: PHONE, code }), 201);
    await expectStatus(await smsLogin(t, { phone: PHONE, code }), 400);
  });

  it('answers 400 for a wrong or expired code', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    await expectStatus(await smsLogin(t, { phone: PHONE, code: code === '999999' ? '000000' : '999999' }), 400);
    t.clock.advance(10 * MINUTE + 1);
    await expectStatus(await smsLogin(t, { phone: PHONE, code }), 400);
    expect(t.store.userByPhone('7f2c5a9e1b3d4c6e8a0f', PHONE)).toBeUndefined();
  });

  it('answers 400 naming the field for create_user that is not a boolean', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE);
    const res = await expectStatus(await smsLogin(t, { phone: PHONE, code, create_user: 'false' }), 400);
    expect(res.error_msg).toMatch(/^create_user: /);
  });

  it('keeps codes per environment', async () => {
    const t = await newTestMock();
    const code = await smsCodeFor(t, PHONE, { envId: 'staging' });
    await expectStatus(await smsLogin(t, { phone: PHONE, code }), 400);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/sms/', { phone: PHONE, code }, { envId: 'staging' }), 201);
  });
});

describe('POST /hserve/v2.1/sms-phone-verification/', () => {
  it('marks the current user’s phone verified', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'phone', PHONE);
    const code = await smsCodeFor(t, PHONE);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/sms-phone-verification/', { code }, { token: reg.token }), 200);
    expect(t.store.user('7f2c5a9e1b3d4c6e8a0f', reg.user_id)!._phone_verified).toBe(true);
  });

  it('answers 400 for a wrong code and leaves the phone unverified', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'phone', PHONE);
    const code = await smsCodeFor(t, PHONE);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/sms-phone-verification/', { code: code === '123123' ? '321321' : '123123' }, { token: reg.token }), 400);
    expect(t.store.user('7f2c5a9e1b3d4c6e8a0f', reg.user_id)!._phone_verified).toBe(false);
  });

  it('answers 400 for a user without a phone and 401 without a session', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'username', 'phoneless');
    const res = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/sms-phone-verification/', { code: '123456' }, { token: reg.token }), 400);
    expect(res.error_msg).toMatch(/^phone: /);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/sms-phone-verification/', { code: '123456' }), 401);
  });
});
