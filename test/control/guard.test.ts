import { describe, expect, it } from 'vitest';
import { expectStatus, newTestMock } from '../helpers.js';

/** The Node bindings @hono/node-server passes, reduced to what the guard reads: the caller's address. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } }) as never;

describe('control API access', () => {
  it('answers callers on loopback when no control token is set', async () => {
    const t = await newTestMock();
    for (const address of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) {
      await expectStatus(await t.app.request('/__mock/health', {}, from(address)), 200);
    }
  });

  it('refuses a caller from another address with 403 naming the address', async () => {
    const t = await newTestMock();
    const body = await expectStatus(await t.app.request('/__mock/users', {}, from('192.0.2.7')), 403);
    expect(body.mock.error).toContain('192.0.2.7');
  });

  it('refuses the fake tt endpoints and the dashboard data to remote callers too', async () => {
    const t = await newTestMock();
    const login = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"client_id":"x1","host":"douyin","person":"alice"}' };
    await expectStatus(await t.app.request('/__mock/bytedance/login', login, from('198.51.100.1')), 403);
    await expectStatus(await t.app.request('/__mock/requests', {}, from('198.51.100.1')), 403);
  });

  it('leaves the 知晓云 and open-platform APIs open to remote callers', async () => {
    const t = await newTestMock();
    const headers = { 'X-Hydrogen-Client-ID': 'remote1' };
    await expectStatus(await t.app.request('/hserve/v2.2/server/time/', { headers }, from('192.0.2.7')), 200);
  });

  it('with a control token, admits any caller presenting it and refuses everyone else, loopback included', async () => {
    const t = await newTestMock({ controlToken: 'correct-horse-battery' });
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    await expectStatus(await t.app.request('/__mock/health', bearer('correct-horse-battery'), from('192.0.2.7')), 200);
    await expectStatus(await t.app.request('/__mock/health', bearer('correct-horse-battery'), from('127.0.0.1')), 200);
    const refused = await expectStatus(await t.app.request('/__mock/health', {}, from('127.0.0.1')), 403);
    expect(refused.mock.hint).toContain('--control-token');
    await expectStatus(await t.app.request('/__mock/health', bearer('correct-horse-batterx'), from('127.0.0.1')), 403);
    await expectStatus(await t.app.request('/__mock/health', bearer('short'), from('127.0.0.1')), 403);
    await expectStatus(await t.app.request('/__mock/health', { headers: { authorization: 'Basic correct-horse-battery' } }, from('127.0.0.1')), 403);
  });

  it('refuses a request from a web page of another origin', async () => {
    const t = await newTestMock();
    const res = await t.app.request('/__mock/reset', { method: 'POST', headers: { origin: 'http://evil.example', host: '127.0.0.1:8787' } }, from('127.0.0.1'));
    await expectStatus(res, 403);
    const sameSite = await t.app.request('/__mock/health', { headers: { origin: 'http://127.0.0.1:8787', host: '127.0.0.1:8787' } }, from('127.0.0.1'));
    await expectStatus(sameSite, 200);
  });

  it('refuses a control token shorter than 8 characters at start', async () => {
    await expect(newTestMock({ controlToken: 'abc' })).rejects.toThrow(/controlToken must be at least 8/);
  });
});
