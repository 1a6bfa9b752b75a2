import { describe, expect, it } from 'vitest';
import { expectStatus, hserve, newTestMock } from '../helpers.js';
import { logsIn, registers } from './account-actions.js';

const me = '/hserve/v2.5/user/info/';

describe('POST /hserve/v2.0/session/destroy/', () => {
  it('answers 201 Destroy succeed. and the token answers 401 afterwards', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const res = await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/session/destroy/', {}, { token }), 201);
    expect(res).toEqual({ message: 'Destroy succeed.', status: 'ok' });
    const after = await expectStatus(await hserve(t, 'GET', me, undefined, { token }), 401);
    expect(after.error_msg).toMatch(/^Authorization: /);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/session/destroy/', {}, { token }), 401);
  });

  it('leaves the user’s other sessions alive', async () => {
    const t = await newTestMock();
    const a = await logsIn(t, 'username', 'ifanrx', '111111');
    const b = await logsIn(t, 'username', 'ifanrx', '111111');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/session/destroy/', {}, { token: a.token }), 201);
    await expectStatus(await hserve(t, 'GET', me, undefined, { token: b.token }), 200);
  });

  it('answers 401 without a token', async () => {
    const t = await newTestMock();
    const res = await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/session/destroy/', {}), 401);
    expect(res).toEqual({ status: 'error', error_msg: expect.stringMatching(/^Authorization: header is required/) });
  });
});

describe('Authorization on session routes', () => {
  it('answers 401 once the session has outlived sessionTtlSeconds', async () => {
    const t = await newTestMock();
    const { token, expires_in } = await logsIn(t, 'username', 'ifanrx', '111111');
    t.clock.advance(expires_in * 1000 - 1);
    await expectStatus(await hserve(t, 'GET', me, undefined, { token }), 200);
    t.clock.advance(1);
    const res = await expectStatus(await hserve(t, 'GET', me, undefined, { token }), 401);
    expect(res.error_msg).toMatch(/expired/);
  });

  it('answers 401 for a token of another client', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    await expectStatus(await hserve(t, 'GET', me, undefined, { token, clientId: 'another-client-0001' }), 401);
  });

  it('answers 401 for a token of another environment of the same client', async () => {
    const t = await newTestMock();
    const { token } = await registers(t, 'username', 'envy', 'pw', { envId: 'staging' });
    await expectStatus(await hserve(t, 'GET', me, undefined, { token, envId: 'staging' }), 200);
    await expectStatus(await hserve(t, 'GET', me, undefined, { token }), 401);
  });

  it('answers 401 for an unknown token and for a header without the Hydrogen-r1 prefix', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'GET', me, undefined, { token: 'made-up' }), 401);
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    await expectStatus(await hserve(t, 'GET', me, undefined, { headers: { Authorization: `Bearer ${token}` } }), 401);
  });

  it('answers 401 when the client ID header is missing', async () => {
    const t = await newTestMock();
    const res = await t.request('/hserve/v2.1/login/username/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await expectStatus(res, 401)).error_msg).toMatch(/^X-Hydrogen-Client-ID: /);
  });
});

describe('OPTIONS preflight on /hserve/', () => {
  it('answers 204 allowing the SDK headers from another origin', async () => {
    const t = await newTestMock();
    const res = await t.request('/hserve/v2.1/login/username/', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,x-hydrogen-client-id',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase().split(',').map((h) => h.trim());
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'x-hydrogen-client-id', 'x-hydrogen-env-id', 'content-type']));
    expect(res.headers.get('access-control-allow-methods')).toMatch(/PUT/);
  });

  it('puts the allow-origin header on the real answer too', async () => {
    const t = await newTestMock();
    const res = await hserve(t, 'POST', '/hserve/v2.1/login/username/', { username: 'ifanrx', password: '111111' }, { headers: { Origin: 'http://localhost:5173' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
