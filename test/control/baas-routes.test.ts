import { describe, expect, it } from 'vitest';
import { DEMO, expectStatus, hserve, newTestMock } from '../helpers.js';
import { logsIn, registers } from '../baas/account-actions.js';

describe('GET /__mock/users', () => {
  it('lists the demo client’s users as full records by default, without password hashes', async () => {
    const t = await newTestMock();
    const reg = await registers(t, 'username', 'listed', 'pw');
    const body = await expectStatus(await t.request('/__mock/users'), 200);
    expect(body).toMatchObject({ client_id: DEMO.clientId, env_id: '', total: 3 });
    expect(body.users.map((u: { id: number }) => u.id)).toEqual([310000000000001, 310000000000002, reg.user_id]);
    expect(body.users[2]).toEqual(t.store.user(DEMO.clientId, reg.user_id));
    expect(JSON.stringify(body)).not.toMatch(/scrypt/);
  });

  it('pages with limit and offset', async () => {
    const t = await newTestMock();
    const body = await expectStatus(await t.request(`/__mock/users?client_id=${DEMO.clientId}&limit=1&offset=1`), 200);
    expect(body.total).toBe(2);
    expect(body.users.map((u: { id: number }) => u.id)).toEqual([310000000000002]);
  });

  it('lists one environment’s users with env_id, and another client’s with client_id', async () => {
    const t = await newTestMock();
    const staged = await registers(t, 'username', 'staged', 'pw', { envId: 'staging' });
    const other = await registers(t, 'username', 'elsewhere', 'pw', { clientId: 'other-client-01' });
    const env = await expectStatus(await t.request(`/__mock/users?env_id=staging`), 200);
    expect(env.users.map((u: { _username: string }) => u._username)).toEqual(['staged']);
    expect(env.users[0].id).toBe(staged.user_id);
    const client = await expectStatus(await t.request('/__mock/users?client_id=other-client-01'), 200);
    expect(client).toMatchObject({ client_id: 'other-client-01', total: 1 });
    expect(client.users[0].id).toBe(other.user_id);
  });

  it.each([
    ['client_id=bad%20id', 'client_id'],
    ['env_id=bad%20env', 'env_id'],
    ['limit=abc', 'limit'],
    ['limit=5000', 'limit'],
    ['offset=-1', 'offset'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const t = await newTestMock();
    const body = await expectStatus(await t.request(`/__mock/users?${query}`), 400);
    expect(body.mock.error).toMatch(new RegExp(`^${field}: `));
  });

  it('refuses a client the store does not know when clients are strict', async () => {
    const t = await newTestMock({ strictClients: true });
    const body = await expectStatus(await t.request('/__mock/users?client_id=nope'), 400);
    expect(body.mock.field).toBe('client_id');
  });
});

describe('GET /__mock/outbox', () => {
  it('lists SMS codes and mails newest first, filtered by recipient', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', { phone: '13800000001' }), 200);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', { phone: '13800000002' }), 200);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/user/password/reset/', { email: 'ifanrx@ifanr.com' }), 201);
    const all = await expectStatus(await t.request('/__mock/outbox'), 200);
    expect(all.messages.map((m: { to: string }) => m.to)).toEqual(['ifanrx@ifanr.com', '13800000002', '13800000001']);
    expect(all.messages[1]).toMatchObject({ kind: 'sms', purpose: 'sms-code', code: expect.stringMatching(/^\d{6}$/), link: null, sent_at: t.clock.now() });
    const one = await expectStatus(await t.request('/__mock/outbox?to=13800000001'), 200);
    expect(one.messages).toHaveLength(1);
    const mail = await expectStatus(await t.request('/__mock/outbox?to=IFANRX@IFANR.COM'), 200);
    expect(mail.messages[0]).toMatchObject({ kind: 'email', purpose: 'password-reset' });
  });

  it('keeps each environment’s outbox apart', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', { phone: '13800000001' }, { envId: 'staging' }), 200);
    expect((await expectStatus(await t.request('/__mock/outbox'), 200)).messages).toEqual([]);
    expect((await expectStatus(await t.request('/__mock/outbox?env_id=staging'), 200)).messages).toHaveLength(1);
  });

  it('limits the list', async () => {
    const t = await newTestMock();
    for (const phone of ['13800000001', '13800000002', '13800000003']) {
      await expectStatus(await hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', { phone }), 200);
    }
    const body = await expectStatus(await t.request('/__mock/outbox?limit=2'), 200);
    expect(body.messages.map((m: { to: string }) => m.to)).toEqual(['13800000003', '13800000002']);
  });
});

describe('GET /__mock/sessions', () => {
  it('lists the sessions of a client newest first, marking one that logged out, and shows no token', async () => {
    const t = await newTestMock();
    const first = await logsIn(t, 'username', 'ifanrx', '111111');
    const second = await logsIn(t, 'email', 'ifanrx@ifanr.com', 'ifanrx123');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/session/destroy/', {}, { token: first.token }), 201);
    const body = await expectStatus(await t.request(`/__mock/sessions?client_id=${DEMO.clientId}`), 200);
    expect(body.sessions.map((s: { user_id: number; state: string }) => [s.user_id, s.state])).toEqual([
      [second.user_id, 'live'],
      [first.user_id, 'ended'],
    ]);
    expect(JSON.stringify(body)).not.toContain(first.token);
  });
});
