import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { op, type AppEnv } from '../../src/context.js';
import { statusOf } from '../../src/faults/raw-response.js';
import { expectStatus, hserve, newTestMock, ttLogin } from '../helpers.js';

const TIME = '/hserve/v2.2/server/time/';

describe('faults in process (app.request, no socket)', () => {
  it('applies rules added to the test mock', async () => {
    const t = await newTestMock();
    t.faults.add('server-time=status:500:once');
    await expectStatus(await hserve(t, 'GET', TIME), 500);
    await expectStatus(await hserve(t, 'GET', TIME), 200);
  });

  it('answers a status outside 200–599 as 599 with the real one in X-Mock-Status', async () => {
    const t = await newTestMock();
    t.faults.add('authenticate=603');
    const { code } = await ttLogin(t);
    const res = await hserve(t, 'POST', '/hserve/v2.5/idp/bytedance/authenticate/', { code, app_name: 'douyin' });
    expect(res.status).toBe(599);
    expect(statusOf(res)).toBe(603);
    expect(await res.json()).toMatchObject({ code: 603, message: 'unauthorized' });
    expect(t.journal.list()[0]).toMatchObject({ operation: 'authenticate', status: 603 });
  });

  it('says in the mock envelope that a reset needs a real connection', async () => {
    const t = await newTestMock();
    t.faults.add('server-time=reset');
    const body = await expectStatus(await hserve(t, 'GET', TIME), 502);
    expect(body.mock.error).toContain('reset');
    expect(body.mock.hint).toContain('startServer');
  });

  it('says after the bound that a timeout would have closed the connection', async () => {
    const t = await newTestMock();
    t.faults.add('server-time=timeout:20');
    const body = await expectStatus(await hserve(t, 'GET', TIME), 504);
    expect(body.mock.error).toContain('after 20 ms');
  });

  it('answers 404 as no account on silent-login when the route leaves it to the fault', async () => {
    const t = await newTestMock();
    t.faults.add('silent-login=404:once');
    const { code } = await ttLogin(t);
    const body = await expectStatus(await hserve(t, 'POST', '/hserve/v2.5/idp/bytedance/silent-login/', { code, app_name: 'douyin' }), 404);
    expect(body).toEqual({ status: 'error', error_msg: 'User not found: no user has this ByteDance account in douyin, and create_user is false' });
  });

  it('leaves an effect the route handles to the route, in c.var.fault, and applies the others itself', async () => {
    const t = await newTestMock();
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('deps', t.deps);
      await next();
    });
    app.post('/x', op('authenticate', { handles: ['603'] }), (c) => c.json({ seen: c.var.fault ?? null }));
    t.faults.add('authenticate=603:once');
    expect(await (await app.request('/x', { method: 'POST' })).json()).toEqual({ seen: { type: '603' } });
    expect(await (await app.request('/x', { method: 'POST' })).json()).toEqual({ seen: null });
    t.faults.add('authenticate=status:500:once');
    expect((await app.request('/x', { method: 'POST' })).status).toBe(500);
  });
});
