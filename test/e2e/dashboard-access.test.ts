import { describe, expect, it } from 'vitest';
import { SCRIPT } from '../../src/dashboard/client/index.js';
import { DEMO, expectStatus, hserve, json, newTestMock, type TestMock } from '../helpers.js';

/** The Node bindings @hono/node-server passes, reduced to what the guard reads: the caller's address. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } }) as never;

const TOKEN = 'correct-horse-battery';

async function page(t: TestMock, path: string, init: RequestInit = {}, address = '127.0.0.1') {
  const res = await t.app.request(path, init, from(address));
  return { res, text: await res.text() };
}

describe('GET / and GET /__mock/ (the dashboard page)', () => {
  it('serves the same page at both paths to a caller on this machine', async () => {
    const t = await newTestMock();
    for (const path of ['/', '/__mock/', '/__mock']) {
      const { res, text } = await page(t, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
      expect(text).toContain('<meta charset="utf-8">');
      expect(text).toContain('爱丽丝');
      expect(text).toContain('ifanrx@ifanr.com');
    }
  });

  it('refuses a caller on another machine with a 403 page that holds no data', async () => {
    const t = await newTestMock();
    const { res, text } = await page(t, '/', {}, '192.0.2.7');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(text).toContain('Access refused');
    expect(text).toContain('192.0.2.7');
    expect(text).not.toContain('ifanrx');
    expect(text).not.toContain('爱丽丝');
  });

  it('with a control token, opens with the token in the address or the header, and refuses anything else', async () => {
    const t = await newTestMock({ controlToken: TOKEN });
    expect((await page(t, `/?token=${TOKEN}`)).res.status).toBe(200);
    expect((await page(t, `/__mock/?token=${TOKEN}`, {}, '192.0.2.7')).res.status).toBe(200);
    expect((await page(t, '/', { headers: { authorization: `Bearer ${TOKEN}` } }, '192.0.2.7')).res.status).toBe(200);
    for (const path of ['/', '/?token=correct-horse-batterx', '/?token=short', '/__mock/?token=wrong', '/?token=']) {
      const { res, text } = await page(t, path);
      expect(res.status, path).toBe(403);
      expect(text, path).toContain('Access refused');
      expect(text, path).not.toContain('ifanrx');
    }
  });

  it('refuses the token when a link on another site carries it', async () => {
    const t = await newTestMock({ controlToken: TOKEN });
    const { res } = await page(t, `/?token=${TOKEN}`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });

  it('lets only its own nonce-tagged script and style run, and keeps the address out of Referer headers', async () => {
    const t = await newTestMock();
    const { res, text } = await page(t, '/');
    const policy = res.headers.get('content-security-policy')!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(text).toContain(`<script nonce="${nonce}">`);
    expect(text).toContain(`<style nonce="${nonce}">`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const again = await page(t, '/');
    expect(again.res.headers.get('content-security-policy')).not.toBe(policy);
  });

  it('escapes every stored value it shows', async () => {
    const t = await newTestMock();
    const login = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/username/', { username: 'ifanrx', password: '111111' }), 201);
    const markup = '<img src=x onerror=alert(1)>';
    await expectStatus(await hserve(t, 'PUT', '/hserve/v2.5/user/info/', { nickname: markup, city: '"><script>alert(2)</script>' }, { token: login.token }), 200);
    const { text } = await page(t, '/');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toContain(markup);
    expect(text).not.toContain('<script>alert(2)');
  });

  it('shows the client and environment named in the address, and never registers an unknown client', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'env_user', password: 'p4ss-word' }, { envId: 'staging' }), 201);
    const staging = await page(t, `/?client=${DEMO.clientId}&env=staging`);
    expect(staging.text).toContain('env_user');
    expect(staging.text).not.toContain('ifanrx@ifanr.com');
    expect(staging.text).toMatch(/<option value="7f2c5a9e1b3d4c6e8a0f@staging" selected>/);
    const before = await expectStatus(await t.request('/__mock/clients'), 200);
    const unknown = await page(t, '/?client=not-a-client-yet');
    expect(unknown.text).toContain('ifanrx@ifanr.com');
    expect(await expectStatus(await t.request('/__mock/clients'), 200)).toEqual(before);
  });

  it('leaves its own loads and reads out of the request journal', async () => {
    const t = await newTestMock();
    for (const path of ['/', '/__mock/', '/__mock/tenants', '/__mock/clock']) expect((await page(t, path)).res.status, path).toBe(200);
    expect(t.journal.list()).toEqual([]);
  });

  it('guards its data endpoints like the rest of the control API', async () => {
    const t = await newTestMock();
    for (const path of ['/__mock/tenants', '/__mock/clock']) expect((await page(t, path, {}, '192.0.2.7')).res.status, path).toBe(403);
  });

  it('ships a script that parses and never writes markup from data', () => {
    expect(() => new Function(SCRIPT)).not.toThrow();
    expect(SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe('GET /__mock/tenants', () => {
  it('lists each client and environment that holds data, with counts', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'env_user', password: 'p4ss-word' }, { envId: 'staging' }), 201);
    const body = await expectStatus(await t.request('/__mock/tenants'), 200);
    expect(body.tenants).toEqual([
      { client_id: DEMO.clientId, env_id: '', users: 2, outbox: 0 },
      { client_id: DEMO.clientId, env_id: 'staging', users: 1, outbox: 0 },
    ]);
  });
});

describe('GET /__mock/clock', () => {
  it('tells the mock time, which POST /__mock/clock moves', async () => {
    const t = await newTestMock();
    const before = await expectStatus(await t.request('/__mock/clock'), 200);
    expect(before).toEqual({ now: new Date(t.clock.now()).toISOString(), now_ms: t.clock.now(), adjustable: true });
    await expectStatus(await t.request('/__mock/clock', json({ seconds: 301 })), 200);
    const after = await expectStatus(await t.request('/__mock/clock'), 200);
    expect(after.now_ms - before.now_ms).toBe(301_000);
  });
});
