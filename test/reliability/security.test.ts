import { describe, expect, it } from 'vitest';
import { DEMO, expectStatus, hserve, newTestMock, type TestMock } from '../helpers.js';
import { ROUTES, type RouteSpec } from './routes.js';

/** The Node bindings @hono/node-server passes, reduced to what the guard reads: the caller's address. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } }) as never;
const REMOTE = '203.0.113.5';
const CONTROL_TOKEN = 'correct-horse-battery';

const CONTROL_ROUTES = ROUTES.filter((r) => r.area === 'control');
const DASHBOARD_PATHS = ['/', '/__mock', '/__mock/'];
const AUTH_ROUTES = ROUTES.filter((r) => r.auth);

function controlRequest(route: RouteSpec, headers: Record<string, string> = {}): [string, RequestInit] {
  const init: RequestInit = { method: route.method, headers: { 'content-type': 'application/json', ...headers } };
  if (route.method !== 'GET') init.body = '{}';
  return [route.path.replace(':id', 'some-rule'), init];
}

describe('control API and dashboard access', () => {
  it.each(CONTROL_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s refuses a caller from another machine when no control token is set', async (_name, route) => {
    const t = await newTestMock();
    const before = JSON.stringify(t.store.data);
    const body = await expectStatus(await t.app.request(...controlRequest(route), from(REMOTE)), 403);
    expect(body.mock.error).toContain(REMOTE);
    expect(JSON.stringify(body)).not.toContain(t.store.tokenSecret);
    expect(JSON.stringify(t.store.data)).toBe(before);
  });

  it.each(DASHBOARD_PATHS)('GET %s shows no data to a caller from another machine', async (path) => {
    const t = await newTestMock();
    const res = await t.app.request(path, {}, from(REMOTE));
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(text).not.toContain('ifanrx');
    expect(text).not.toContain(t.store.tokenSecret);
  });

  it.each(CONTROL_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s with a control token admits it from anywhere and refuses everyone else', async (_name, route) => {
    const t = await newTestMock({ controlToken: CONTROL_TOKEN });
    for (const address of [REMOTE, '127.0.0.1']) {
      await expectStatus(await t.app.request(...controlRequest(route), from(address)), 403);
      await expectStatus(await t.app.request(...controlRequest(route, { authorization: `Bearer ${CONTROL_TOKEN}x` }), from(address)), 403);
      await expectStatus(await t.app.request(...controlRequest(route, { authorization: `Hydrogen-r1 ${CONTROL_TOKEN}` }), from(address)), 403);
    }
    const admitted = await t.app.request(...controlRequest(route, { authorization: `Bearer ${CONTROL_TOKEN}` }), from(REMOTE));
    await admitted.arrayBuffer();
    expect(admitted.status).not.toBe(403);
    expect(admitted.status).toBeLessThan(500);
  });

  it('with a control token opens the dashboard for the token in its address only', async () => {
    const t = await newTestMock({ controlToken: CONTROL_TOKEN });
    for (const path of DASHBOARD_PATHS) {
      expect((await t.app.request(path, {}, from(REMOTE))).status).toBe(403);
      expect((await t.app.request(`${path}?token=${CONTROL_TOKEN}x`, {}, from(REMOTE))).status).toBe(403);
      expect((await t.app.request(`${path}?token=${CONTROL_TOKEN}`, {}, from(REMOTE))).status).toBe(200);
    }
  });
});

/** Client A with a user of distinctive names, and client B with a user of its own. */
async function twoClients(t: TestMock) {
  const register = async (clientId: string, username: string, envId?: string) => {
    const body = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username, password: 'secret-pass' }, { clientId, ...(envId ? { envId } : {}) }), 201);
    await expectStatus(await hserve(t, 'PUT', '/hserve/v2.5/user/info/', { nickname: `${username}-nick` }, { clientId, token: body.token, ...(envId ? { envId } : {}) }), 200);
    return { token: body.token as string, id: body.user_id as number };
  };
  return {
    a: await register(DEMO.clientId, 'owner-of-a'),
    b: await register('client-b', 'owner-of-b'),
    staging: await register(DEMO.clientId, 'owner-of-staging', 'staging'),
  };
}

const authedInit = (route: RouteSpec): unknown => (route.method === 'GET' ? undefined : route.path.includes('account') ? { nickname: 'x', username: 'taken-over' } : { nickname: 'taken-over', code: 'x', app_name: 'douyin' });

describe('sessions of one client or environment in another', () => {
  it.each(AUTH_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s refuses a token of another client or environment with 401 and changes nothing', async (_name, route) => {
    const t = await newTestMock();
    const { a, b, staging } = await twoClients(t);
    const path = route.path.replace(':id', String(a.id));
    const attempts = [
      { token: a.token, clientId: 'client-b' },
      { token: b.token, clientId: DEMO.clientId },
      { token: a.token, clientId: DEMO.clientId, envId: 'staging' },
      { token: staging.token, clientId: DEMO.clientId },
    ];
    for (const attempt of attempts) {
      const before = JSON.stringify(t.store.data);
      const body = await expectStatus(await hserve(t, route.method, path, authedInit(route), attempt), 401);
      expect(body.error_msg).toMatch(/^Authorization: /);
      expect(JSON.stringify(body)).not.toMatch(/owner-of-/);
      expect(JSON.stringify(t.store.data)).toBe(before);
    }
    // A logout aimed at the wrong client ended nothing: every session still works where it belongs.
    await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token: a.token }), 200);
    await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token: b.token, clientId: 'client-b' }), 200);
    await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token: staging.token, envId: 'staging' }), 200);
  });

  it('refuses a token signed by another mock', async () => {
    const other = await newTestMock();
    const foreign = await expectStatus(await hserve(other, 'POST', '/hserve/v2.0/login/anonymous/', {}), 201);
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token: foreign.token }), 401);
  });
});

describe('GET /hserve/v2.5/user/info/:id/ and GET /hserve/v2.2/user/info/ across clients', () => {
  it("never show one client's users to another client or environment", async () => {
    const t = await newTestMock();
    const { a, b, staging } = await twoClients(t);
    const views = [
      { token: b.token, clientId: 'client-b' },
      { token: staging.token, clientId: DEMO.clientId, envId: 'staging' },
    ];
    for (const view of views) {
      // The same numeric id may belong to a user of this tenant: then it is that user, never A's.
      const single = await hserve(t, 'GET', `/hserve/v2.5/user/info/${a.id}/`, undefined, view);
      const text = await single.text();
      expect([200, 404]).toContain(single.status);
      expect(text).not.toContain('owner-of-a');
      const list = await expectStatus(await hserve(t, 'GET', '/hserve/v2.2/user/info/?limit=1000', undefined, view), 200);
      expect(JSON.stringify(list)).not.toContain('owner-of-a');
      expect(list.objects.length).toBeGreaterThan(0);
    }
    const own = await expectStatus(await hserve(t, 'GET', '/hserve/v2.2/user/info/?limit=1000', undefined, { token: a.token }), 200);
    expect(own.objects.map((u: { nickname: string }) => u.nickname)).toContain('owner-of-a-nick');
    expect(JSON.stringify(own)).not.toMatch(/owner-of-(b|staging)/);
  });
});
