import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// In your project: import { startMock, type MockServer, type MockClient } from 'tt-baas-mock';
import { startMock, type MockServer, type MockClient } from '../src/index.js';
import { launch, submit, tap, type MiniProgram } from './support/mini-program.js';

/**
 * The flows of the 知晓云 ByteDance login document (reference/bytedance-signin-signout), as page code
 * runs them on a fake device. Each test has a client of its own, so its journal holds only its requests
 * and the tests could run in parallel. Every journal must be the SDK's sequence (contract C4).
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

function start(client: MockClient, host = 'douyin', person = 'alice', requestTimeoutMs?: number): MiniProgram {
  const app = launch({ url: mock.url, clientId: client.clientId, host, person, ...(requestTimeoutMs ? { requestTimeoutMs } : {}) });
  running.push(app);
  return app;
}

/** What the mock saw from one client: operation and status, oldest first; the SDK's version check aside. */
const steps = (client: MockClient): string[] =>
  mock.requests({ clientId: client.clientId })
    .filter((r) => r.operation !== 'sdk-version')
    .map((r) => `${r.operation} ${r.status ?? 'no answer'}`);

// alice's Douyin profile in fixtures/default.json.
const ALICE_NICKNAME = '爱丽丝';

describe('silent login (loginWithTt)', () => {
  it('logs the person in without a prompt, then reuses the stored session', async () => {
    const client = mock.newClient();
    const app = start(client);
    const page = app.openPage('silent-login');
    await page.onLoad();
    expect(page.data).toMatchObject({ error: null, user: { id: expect.any(Number), nickname: null } });
    expect(steps(client)).toEqual(['tt.login 200', 'silent-login 201']);

    const next = app.openPage('silent-login');
    await next.onLoad();
    expect(next.data.user.id).toBe(page.data.user.id);
    expect(steps(client)).toEqual(['tt.login 200', 'silent-login 201', 'current-user 200']);
    // In the developer tools the SDK checks its version once per device (contract E12).
    await vi.waitFor(() => expect(mock.requests({ clientId: client.clientId, operation: 'sdk-version' })).toHaveLength(1));
  });
});

describe('authorized login (loginWithTt with forceLogin)', () => {
  it('fills an empty nickname from the profile with setnx, and keeps one the person chose', async () => {
    const client = mock.newClient();
    const page = start(client).openPage('profile');
    await page.onAuthorize(tap());
    expect(page.data).toMatchObject({ profileShared: true, user: { nickname: ALICE_NICKNAME } });

    await page.onRename(submit('Ali'));
    await page.onAuthorize(tap({ sync: 'setnx' }));
    expect(page.data.user.nickname).toBe('Ali');
    expect(steps(client)).toEqual([
      'tt.login 200', 'tt.getUserInfo 200', 'authenticate 201',
      'update-user 200',
      'tt.login 200', 'tt.getUserInfo 200', 'authenticate 201',
    ]);
  });

  it('replaces a nickname the person chose with the profile\'s with overwrite', async () => {
    const client = mock.newClient();
    const page = start(client).openPage('profile');
    await page.onAuthorize(tap());
    await page.onRename(submit('Ali'));
    await page.onAuthorize(tap({ sync: 'overwrite' }));
    expect(page.data.user.nickname).toBe(ALICE_NICKNAME);
    expect(steps(client).slice(-3)).toEqual(['tt.login 200', 'tt.getUserInfo 200', 'authenticate 201']);
  });
});

describe('the person refuses authorization', () => {
  it('on the device: nothing reaches 知晓云, and the page carries on with a silent login', async () => {
    const client = mock.newClient();
    mock.faults.add({ operation: 'tt.getUserInfo', effect: 'deny', times: 1, match: { client_id: client.clientId } });
    const app = start(client);
    const page = app.openPage('profile');
    await page.onAuthorize(tap());

    expect(page.data).toMatchObject({ refused: true, profileShared: false, error: null, user: { id: expect.any(Number), nickname: null } });
    expect(app.tt.uiCalls).toEqual([{ api: 'showToast', options: { title: '未授权，将以游客身份继续', icon: 'none' } }]);
    // C4.4: tt.login, the refused tt.getUserInfo, and no authenticate; then the page's own silent login.
    expect(steps(client)).toEqual(['tt.login 200', 'tt.getUserInfo 403', 'tt.login 200', 'silent-login 201']);
  });

  it('as the docs describe it (authenticate answers 603): the page handles it the same way', async () => {
    const client = mock.newClient();
    mock.faults.add({ operation: 'authenticate', effect: '603', times: 1, match: { client_id: client.clientId } });
    const page = start(client).openPage('profile');
    await page.onAuthorize(tap());

    expect(page.data).toMatchObject({ refused: true, profileShared: false, error: null, user: { nickname: null } });
    expect(steps(client)).toEqual(['tt.login 200', 'tt.getUserInfo 200', 'authenticate 603', 'tt.login 200', 'silent-login 201']);
  });
});

describe('multi-platform login (createUser: false, then linkTt)', () => {
  it('answers 404 for a new person, links the website account, and logs in with it next time', async () => {
    const client = mock.newClient();
    const account = await registerOnWebsite(client, 'bob@example.com', 'bob-password');
    const app = start(client, 'douyin', 'bob');

    const page = app.openPage('bind-account');
    await page.onLoad();
    expect(page.data).toMatchObject({ needsAccount: true, user: null });

    await page.onSubmit(submit({ email: 'bob@example.com', password: 'bob-password' }));
    expect(page.data).toMatchObject({ linked: true, error: null, user: { id: account } });
    await page.onLogout();

    const next = app.openPage('bind-account');
    await next.onLoad();
    expect(next.data).toMatchObject({ needsAccount: false, user: { id: account } });
    expect(steps(client)).toEqual([
      'register 201',
      'tt.login 200', 'silent-login 404',
      'login 201', 'current-user 200', 'tt.login 200', 'user-association 200',
      'logout 201',
      'tt.login 200', 'silent-login 201',
    ]);
  });
});

describe('a request that gets no answer', () => {
  it('fails as 601 once the device gives up, and the retry succeeds', async () => {
    const client = mock.newClient();
    // The mock holds the request for a minute; the device gives up after 300 ms.
    mock.faults.add({ operation: 'silent-login', effect: 'timeout', times: 1, match: { client_id: client.clientId } });
    const app = start(client, 'douyin', 'alice', 300);
    const page = app.openPage('silent-login');
    await page.onLoad();
    expect(page.data).toMatchObject({ user: null, error: { code: 601, message: '601: request timeout' } });
    expect(app.tt.uiCalls.map((c) => c.api)).toEqual(['showToast']);

    // The held request enters the journal when the mock notices the device hung up.
    await vi.waitFor(() => expect(mock.requests({ clientId: client.clientId, operation: 'silent-login' })).toHaveLength(1));
    await page.onLoad();
    expect(page.data).toMatchObject({ error: null, user: { id: expect.any(Number) } });
    expect(steps(client)).toEqual(['tt.login 200', 'silent-login no answer', 'tt.login 200', 'silent-login 201']);
  });
});

describe('one person, two host apps', () => {
  it('gives alice one openid in Douyin and another in Toutiao, and so two users', async () => {
    const client = mock.newClient();
    const inDouyin = await silentLoginIn(client, 'douyin');
    const inToutiao = await silentLoginIn(client, 'toutiao');

    expect(inDouyin.openid).toEqual(expect.any(String));
    expect(inToutiao.openid).toEqual(expect.any(String));
    expect(inDouyin.openid).not.toBe(inToutiao.openid);
    expect(inDouyin.userId).not.toBe(inToutiao.userId);
    const devices = mock.requests({ clientId: client.clientId, operation: 'tt.login' });
    expect(devices.map((r) => [r.person, r.openid])).toEqual([['alice', inDouyin.openid], ['alice', inToutiao.openid]]);
    expect(steps(client)).toEqual(['tt.login 200', 'silent-login 201', 'tt.login 200', 'silent-login 201']);
  });
});

/** Launches the mini-program in a host app, logs alice in on the silent-login page, and closes it. */
async function silentLoginIn(client: MockClient, host: string): Promise<{ openid: string; userId: number }> {
  const app = start(client, host, 'alice');
  const page = app.openPage('silent-login');
  await page.onLoad();
  app.close();
  // The user record holds the openid under the host's _provider key; the SDK keeps it in storage.
  const openid: string = page.currentUser._provider[host].openid;
  expect(app.tt.getStorageSync('ifx_baas_openid')).toBe(openid);
  return { openid, userId: page.data.user.id };
}

/** The account the person made on the website earlier (web sign-up, contract E1). */
async function registerOnWebsite(client: MockClient, email: string, password: string): Promise<number> {
  const res = await fetch(`${mock.url}/hserve/v2.1/register/email/`, {
    method: 'POST',
    headers: { 'X-Hydrogen-Client-ID': client.clientId, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { user_id: number }).user_id;
}
