import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer, type MockClient } from '../src/index.js';
import type { RequestOptions } from '../src/tt/index.js';
import { launch, loadScript, type MiniProgram } from './support/mini-program.js';

/**
 * The SDK stand-in (support/baas-bytedance.js) against the contract, at the boundary the real SDK
 * has: what it hands to tt.request, what it keeps in storage, and how it fails. If these hold, page
 * code behaves against the mock as it does with the SDK file users ship.
 */
let mock: MockServer;
let running: MiniProgram[] = [];

beforeAll(async () => {
  mock = await startMock();
});
afterEach(() => {
  for (const app of running) app.close();
  running = [];
});
afterAll(() => mock.close());

const SILENT_LOGIN = '/hserve/v2.5/idp/bytedance/silent-login/';
const AUTHENTICATE = '/hserve/v2.5/idp/bytedance/authenticate/';
const USER_ASSOCIATION = '/hserve/v2.4/idp/bytedance/user-association/';

type Sent = Pick<RequestOptions, 'method' | 'url' | 'header' | 'data' | 'dataType'>;

/** A launched mini-program whose tt.request calls are kept, in the order the SDK made them. */
function device(client: MockClient, options: { host?: string; person?: string; url?: string } = {}) {
  const sent: Sent[] = [];
  const app = launch({ url: options.url ?? mock.url, clientId: client.clientId, host: options.host ?? 'douyin', person: options.person ?? 'alice' }, (tt) => {
    const request = tt.request;
    tt.request = (o) => {
      sent.push({ method: o.method, url: o.url, header: o.header, data: o.data, dataType: o.dataType });
      return request(o);
    };
  });
  running.push(app);
  const to = (path: string) => sent.filter((s) => s.url === mock.url + path || s.url?.startsWith(mock.url + path));
  const storage = (key: string): any => app.tt.getStorageSync(`ifx_baas_${key}`);
  return { app, tt: app.tt, BaaS: app.tt.BaaS as any, sent, to, storage };
}

/** The headers of B2: exactly these, plus Authorization once a token is stored. */
const hydrogenHeaders = (client: MockClient, token?: string) => ({
  'X-Hydrogen-Client-ID': client.clientId,
  'X-Hydrogen-Client-Version': 'v3.23.3',
  'X-Hydrogen-Client-Platform': 'BYTEDANCE',
  'X-Hydrogen-Client-SDK-Type': 'file',
  ...(token ? { Authorization: `Hydrogen-r1 ${token}` } : {}),
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('loginWithTt, silent (contract C1, B8)', () => {
  it('sends create_user, app_name and code with the SDK headers, and keeps the session under ifx_baas_ keys', async () => {
    const client = mock.newClient();
    const d = device(client);
    const before = nowSeconds();
    const user = await d.BaaS.auth.loginWithTt();
    const after = nowSeconds();

    expect(d.to(SILENT_LOGIN)).toEqual([
      { method: 'POST', url: mock.url + SILENT_LOGIN, header: hydrogenHeaders(client), data: { create_user: true, app_name: 'douyin', code: expect.any(String) }, dataType: 'json' },
    ]);
    const openid = user._provider.douyin.openid;
    expect(d.storage('uid')).toBe(user.id);
    expect(d.storage('auth_token')).toEqual(expect.any(String));
    expect(d.storage('openid')).toBe(openid);
    expect(d.storage('is_anonymous_user')).toBe(0);
    expect(d.storage('userinfo')).toEqual({ id: user.id, openid });
    const expiresIn = mock.server.options.sessionTtlSeconds;
    expect(d.storage('session_expires_at')).toBeGreaterThanOrEqual(before + expiresIn - 30);
    expect(d.storage('session_expires_at')).toBeLessThanOrEqual(after + expiresIn - 30);
    expect(user).toMatchObject({ user_id: user.id, session_expires_at: d.storage('session_expires_at'), openid: null });
  });

  it('checks the SDK version once at init in the developer tools (contract E12)', async () => {
    const client = mock.newClient();
    const d = device(client);
    expect(d.sent).toEqual([{ method: 'GET', url: `${mock.url}/hserve/v1/latest-sdk-version/`, header: hydrogenHeaders(client), data: {}, dataType: 'json' }]);
    d.BaaS.init(client.clientId, { host: mock.url });
    expect(d.storage('latest_version_check_milliseconds')).toEqual(expect.any(Number));
    expect(d.sent).toHaveLength(1);
  });

  it('with a valid session sends only the user GET, with the stored token (contract C4.2)', async () => {
    const client = mock.newClient();
    const d = device(client);
    const first = await d.BaaS.auth.loginWithTt();
    d.sent.length = 0;
    const again = await d.BaaS.auth.loginWithTt();
    expect(again.id).toBe(first.id);
    expect(d.sent).toEqual([
      { method: 'GET', url: `${mock.url}/hserve/v2.5/user/info/${first.id}/`, header: hydrogenHeaders(client, d.storage('auth_token')), data: {}, dataType: 'json' },
    ]);
  });

  it('sends createUser as given and rejects a 404 as "404: not found"', async () => {
    const d = device(mock.newClient(), { person: 'bob' });
    const err = await d.BaaS.auth.loginWithTt({ createUser: false }).catch((e: unknown) => e);
    expect(d.to(SILENT_LOGIN)[0]?.data).toEqual({ create_user: false, app_name: 'douyin', code: expect.any(String) });
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 404, message: '404: not found' });
    expect(d.storage('auth_token')).toBe('');
  });

  it('shares one silent login between concurrent calls (contract B10)', async () => {
    const client = mock.newClient();
    const d = device(client);
    const [a, b] = await Promise.all([d.BaaS.auth.loginWithTt(), d.BaaS.auth.loginWithTt()]);
    expect(a.id).toBe(b.id);
    expect(d.to(SILENT_LOGIN)).toHaveLength(1);
  });
});

describe('loginWithTt, forced (contract C2, D)', () => {
  it('sends the tt.getUserInfo fields and a normalised update_userprofile, and keeps the tt profile', async () => {
    const client = mock.newClient();
    const d = device(client);
    for (const sync of ['overwrite', 'false', false, 'bar', undefined]) await d.BaaS.auth.loginWithTt({ forceLogin: true, syncUserProfile: sync });

    const bodies = d.to(AUTHENTICATE).map((s) => s.data as Record<string, unknown>);
    expect(bodies.map((b) => b.update_userprofile)).toEqual(['overwrite', 'false', 'setnx', 'setnx', 'setnx']);
    expect(Object.keys(bodies[0]!).sort()).toEqual(['app_name', 'code', 'create_user', 'encryptedData', 'iv', 'rawData', 'signature', 'update_userprofile']);
    expect(bodies[0]).toMatchObject({ app_name: 'douyin', create_user: true, signature: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(d.storage('userinfo')).toMatchObject({ nickName: expect.any(String), avatarUrl: expect.any(String), id: d.storage('uid'), openid: d.storage('openid') });
  });

  it('rejects a refusal with tt.getUserInfo\'s own fail object and sends nothing to 知晓云', async () => {
    const client = mock.newClient();
    mock.faults.add({ operation: 'tt.getUserInfo', effect: 'deny', times: 1, match: { client_id: client.clientId } });
    const d = device(client);
    const err = await d.BaaS.auth.loginWithTt({ forceLogin: true }).catch((e: unknown) => e);
    expect(err).toEqual({ errMsg: 'getUserInfo:fail auth deny', errNo: 10200 });
    expect(d.to('/hserve/v2.5/')).toEqual([]);
  });

  it('rejects an authenticate answered with status 603 as HError 603', async () => {
    const client = mock.newClient();
    mock.faults.add({ operation: 'authenticate', effect: '603', times: 1, match: { client_id: client.clientId } });
    const err = await device(client).BaaS.auth.loginWithTt({ forceLogin: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 603, message: '603: unauthorized' });
  });
});

describe('transport failures (contract A1, B7)', () => {
  it('rejects with 600 when the device has no network, without a request', async () => {
    const d = device(mock.newClient());
    d.tt.setNetworkType('none');
    d.sent.length = 0;
    await expect(d.BaaS.auth.loginWithTt()).rejects.toMatchObject({ code: 600, message: '600: network disconnected' });
    expect(d.sent).toEqual([]);
  });

  it('rejects with 601 when tt.login cannot reach the platform', async () => {
    const d = device(mock.newClient(), { url: await closedPortUrl() });
    await expect(d.BaaS.auth.loginWithTt()).rejects.toMatchObject({ code: 601, message: '601: request timeout' });
  });

  it('rejects with 601 when the connection is reset', async () => {
    const client = mock.newClient();
    mock.faults.add({ operation: 'silent-login', effect: 'reset', times: 1, match: { client_id: client.clientId } });
    await expect(device(client).BaaS.auth.loginWithTt()).rejects.toMatchObject({ code: 601 });
  });

  it('rejects with 602 before init, and 604 from getCurrentUser with no session, both without a request', async () => {
    const d = device(mock.newClient());
    await expect(d.BaaS.auth.getCurrentUser()).rejects.toMatchObject({ code: 604, message: '604: session missing' });
    loadScript('support/baas-bytedance.js');
    d.sent.length = 0;
    await expect((d.tt.BaaS as any).auth.login({ username: 'ifanrx', password: '111111' })).rejects.toMatchObject({ code: 602, message: '602: uninitialized' });
    expect(d.sent).toEqual([]);
  });
});

describe('password login, linkTt and logout (contract E2, C3, E5)', () => {
  it('sends exactly the two fields, then the user GET; linkTt sends code and app_name with the token', async () => {
    const client = mock.newClient();
    const d = device(client);
    await registerEmail(client, 'lin@example.com', 'lin-password');
    const user = await d.BaaS.auth.login({ email: 'lin@example.com', username: 'ignored', password: 'lin-password' });
    const token = d.storage('auth_token');
    expect(d.sent.slice(1).map((s) => [s.method, s.url, s.data])).toEqual([
      ['POST', `${mock.url}/hserve/v2.1/login/email/`, { email: 'lin@example.com', password: 'lin-password' }],
      ['GET', `${mock.url}/hserve/v2.5/user/info/${user.id}/`, {}],
    ]);
    expect(d.storage('openid')).toBe('');

    const res = await user.linkTt();
    expect(d.to(USER_ASSOCIATION)).toEqual([
      { method: 'POST', url: mock.url + USER_ASSOCIATION, header: hydrogenHeaders(client, token), data: { code: expect.any(String), app_name: 'douyin' }, dataType: 'json' },
    ]);
    expect(res).toMatchObject({ statusCode: 200, data: { status: 'ok', message: 'User associated.', user_id: user.id, openid: expect.any(String) } });
  });

  it('logout sends {} with the token and keeps session_expires_at and openid (contract B8)', async () => {
    const client = mock.newClient();
    const d = device(client);
    await d.BaaS.auth.loginWithTt();
    const token = d.storage('auth_token');
    const kept = { expires: d.storage('session_expires_at'), openid: d.storage('openid') };
    await d.BaaS.auth.logout();
    expect(d.sent.at(-1)).toEqual({ method: 'POST', url: `${mock.url}/hserve/v2.0/session/destroy/`, header: hydrogenHeaders(client, token), data: {}, dataType: 'json' });
    for (const key of ['auth_token', 'uid', 'userinfo', 'is_anonymous_user', 'is_logined_baas']) expect(d.storage(key)).toBe('');
    expect({ expires: d.storage('session_expires_at'), openid: d.storage('openid') }).toEqual(kept);
  });

  it('with autoLogin, answers a 401 by logging in again and resending the user GET for the new uid (contract B9)', async () => {
    const client = mock.newClient();
    const d = device(client);
    d.BaaS.init(client.clientId, { host: mock.url, autoLogin: true });
    d.tt.setStorageSync('ifx_baas_uid', 1);
    d.tt.setStorageSync('ifx_baas_auth_token', 'a-token-the-mock-never-issued');
    d.tt.setStorageSync('ifx_baas_session_expires_at', nowSeconds() + 3600);

    const user = await d.BaaS.auth.getCurrentUser();
    expect(d.sent.slice(1).map((s) => `${s.method} ${s.url?.slice(mock.url.length)}`)).toEqual([
      'GET /hserve/v2.5/user/info/1/',
      `POST ${SILENT_LOGIN}`,
      `GET /hserve/v2.5/user/info/${user.id}/`,
    ]);
    expect(mock.requests({ clientId: client.clientId, operation: 'current-user' }).map((r) => r.status)).toEqual([401, 200]);
  });
});

/** A URL where nothing listens: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function registerEmail(client: MockClient, email: string, password: string): Promise<void> {
  const res = await fetch(`${mock.url}/hserve/v2.1/register/email/`, {
    method: 'POST',
    headers: { 'X-Hydrogen-Client-ID': client.clientId, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(201);
}
