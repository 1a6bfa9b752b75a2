import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium, initSdk, launchChromium, openSdkPage, type SdkPage } from './chromium-page.js';
import { servePageOrigin, type PageOrigin } from './page-origin.js';
import { FIXTURE_EMAIL, FIXTURE_USERNAME, fetchUser, rawLogin, startRecordedMock, type RecordedMock } from './recorded-mock.js';
import { WEB_SDK_VERSION, webSdkSource, type Credentials, type Settled, type UserView } from './web-sdk.js';

// The published web build in a real browser, on a page from another origin: what a web app's users run.
if (!hasChromium) {
  it('runs the published web SDK in Chromium', (ctx) => {
    const why = `${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\``;
    console.warn(`skipping the Chromium tests: ${why}`);
    ctx.skip(why);
  });
}

describe.skipIf(!hasChromium)('minapp-sdk web build in Chromium', () => {
  let m: RecordedMock;
  let origin: PageOrigin;
  let browser: Browser;
  let sdk: SdkPage;
  let page: Page;

  beforeAll(async () => {
    m = await startRecordedMock();
    origin = await servePageOrigin(webSdkSource());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await origin?.close();
    await m?.mock.close();
  });
  beforeEach(async () => {
    await m.mock.reset();
    sdk = await openSdkPage(browser, origin.url, m.clientId, m.mock.url);
    page = sdk.page;
    m.clear();
  });
  afterEach(async () => {
    await sdk?.context.close();
  });

  const register = (c: Credentials) => page.evaluate((a) => window.settle(window.BaaS.auth.register(a), window.userView), c);
  const login = (c: Credentials) => page.evaluate((a) => window.settle(window.BaaS.auth.login(a), window.userView), c);
  const currentUser = () => page.evaluate(() => window.settle(window.BaaS.auth.getCurrentUser(), window.userView));
  const user = <T>(s: Settled<T>): T => {
    if (!s.ok) throw new Error(`the SDK rejected: code ${String(s.error.code)}, ${s.error.message}`);
    return s.value;
  };

  describe('BaaS.auth.register', () => {
    it('creates a username account and resolves with the current user read back from the mock', async () => {
      const u = user(await register({ username: 'lin_ming', password: 'p4ss-word' }));
      expect(u).toMatchObject({ _username: 'lin_ming', user_id: u.id, record: { id: u.id, _username: 'lin_ming', _anonymous: false } });
      expect(u.session_expires_at).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600);
      expect(m.requests().filter((r) => r.method !== 'OPTIONS').map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'POST /hserve/v2.1/register/username/ 201',
        `GET /hserve/v2.5/user/info/${u.id}/ 200`,
      ]);
    });

    it('sends the client headers and a two-field body, then the token it received', async () => {
      const u = user(await register({ username: 'lin_ming', password: 'p4ss-word' }));
      const token = await page.evaluate(() => window.BaaS.getAuthToken());
      const [reg, get] = await sdk.sent();
      const common = {
        'x-hydrogen-client-id': m.clientId,
        'x-hydrogen-client-version': `v${WEB_SDK_VERSION}`,
        'x-hydrogen-client-platform': 'WEB',
        'x-hydrogen-client-sdk-type': 'file',
      };
      expect(reg).toMatchObject({ method: 'POST', path: '/hserve/v2.1/register/username/', headers: common, body: { username: 'lin_ming', password: 'p4ss-word' } });
      expect(reg!.headers['content-type']).toMatch(/^application\/json/);
      expect(reg!.headers.authorization).toBeUndefined();
      expect(get).toMatchObject({ method: 'GET', path: `/hserve/v2.5/user/info/${u.id}/`, headers: { ...common, authorization: `Hydrogen-r1 ${token}` } });
    });

    it('answers the CORS preflight of every call from the other origin', async () => {
      expect(new URL(origin.url).origin).not.toBe(m.mock.url);
      user(await register({ username: 'lin_ming', password: 'p4ss-word' }));
      const lines = m.requests();
      const calls = lines.filter((r) => r.method !== 'OPTIONS');
      expect(calls).toHaveLength(2);
      for (const call of calls) {
        const preflight = lines.slice(0, lines.indexOf(call)).find((r) => r.method === 'OPTIONS' && r.path === call.path);
        expect(preflight?.status, `preflight of ${call.method} ${call.path}`).toBe(204);
      }
    });
  });

  describe('BaaS.auth.login', () => {
    it('logs the fixture account in by username', async () => {
      const u = user(await login(FIXTURE_USERNAME));
      expect(u).toMatchObject({ id: 310000000000001, user_id: 310000000000001, _username: 'ifanrx' });
      expect(m.requests().some((r) => r.method === 'POST' && r.path === '/hserve/v2.1/login/username/' && r.status === 201)).toBe(true);
    });

    it('logs the fixture account in by email', async () => {
      const u = user(await login(FIXTURE_EMAIL));
      expect(u._email).toBe('ifanrx@ifanr.com');
      expect(m.requests().some((r) => r.method === 'POST' && r.path === '/hserve/v2.1/login/email/' && r.status === 201)).toBe(true);
    });

    it('rejects a wrong password with the HError the SDK builds from the error body', async () => {
      const wrong = { username: 'ifanrx', password: 'not-the-password' };
      const s = await login(wrong);
      const raw = await rawLogin(m, 'username', wrong);
      expect(raw.status).toBe(400);
      expect(s).toEqual({ ok: false, error: { code: 400, message: `400: ${raw.body.error_msg}`, isError: true } });
      expect(await currentUser()).toMatchObject({ ok: false, error: { code: 604, message: '604: session missing' } });
    });
  });

  describe('BaaS.auth.getCurrentUser', () => {
    it('restores the session from localStorage after a page reload', async () => {
      const first = user(await login(FIXTURE_USERNAME));
      await page.reload();
      await initSdk(page, m.clientId, m.mock.url);
      m.clear();
      const again = user(await currentUser());
      expect(again).toMatchObject({ id: first.id, _username: 'ifanrx', session_expires_at: first.session_expires_at });
      expect(m.requests().filter((r) => r.method !== 'OPTIONS').map((r) => r.path)).toEqual([`/hserve/v2.5/user/info/${first.id}/`]);
    });
  });

  describe('currentUser account methods (PUT /hserve/v2.2/user/account/)', () => {
    const account = { username: 'lin_ming', password: 'p4ss-word' };

    it('setUsername renames the user and refreshes the currentUser from the returned record', async () => {
      user(await register(account));
      const u = user(await page.evaluate(() => window.settle(window.BaaS.auth.getCurrentUser().then((cu) => cu.setUsername('ming_li')), window.userView)));
      expect(u).toMatchObject({ _username: 'ming_li', record: { _username: 'ming_li' } });
      expect(user(await login({ username: 'ming_li', password: account.password }))._username).toBe('ming_li');
      expect(await login(account)).toMatchObject({ ok: false, error: { code: 400 } });
    });

    it('setEmail stores the address lower-cased and it logs in', async () => {
      user(await register(account));
      const u = user(await page.evaluate(() => window.settle(window.BaaS.auth.getCurrentUser().then((cu) => cu.setEmail('Ming.Li@Example.COM')), window.userView)));
      expect(u).toMatchObject({ _email: 'ming.li@example.com', record: { _email: 'ming.li@example.com', _email_verified: false } });
      expect(user(await login({ email: 'ming.li@example.com', password: account.password })).id).toBe(u.id);
    });

    it('updatePassword checks the current password, then only the new one logs in', async () => {
      user(await register(account));
      const change = (password: string) =>
        page.evaluate(
          (p) => window.settle(window.BaaS.auth.getCurrentUser().then((cu) => cu.updatePassword({ password: p, newPassword: 'n3w-pass' })), window.userView),
          password,
        );
      expect(await change('wrong-old')).toMatchObject({ ok: false, error: { code: 400, isError: true } });
      user(await change(account.password));
      expect(await login(account)).toMatchObject({ ok: false, error: { code: 400 } });
      expect(user(await login({ username: account.username, password: 'n3w-pass' }))._username).toBe('lin_ming');
    });
  });

  describe('BaaS.auth.logout', () => {
    it('ends the session: getCurrentUser rejects with 604 and the old token gets 401', async () => {
      const u = user(await login(FIXTURE_USERNAME));
      const saved = await page.evaluate(() => ({ ...window.localStorage }));
      const token = await page.evaluate(() => window.BaaS.getAuthToken());
      expect(token).toBeTruthy();

      const out = await page.evaluate(() => window.settle(window.BaaS.auth.logout(), (r) => ({ status: r.status, data: r.data })));
      expect(out).toEqual({ ok: true, value: { status: 201, data: { status: 'ok', message: 'Destroy succeed.' } } });
      expect(await currentUser()).toMatchObject({ ok: false, error: { code: 604, message: '604: session missing' } });
      expect((await fetchUser(m, u.id, token!)).status).toBe(401);

      // Put the stale session back, as a tab opened before the logout still has it: the SDK surfaces the 401.
      await page.evaluate((items) => Object.entries(items).forEach(([k, v]) => window.localStorage.setItem(k, v)), saved);
      const stale: Settled<UserView> = await currentUser();
      expect(stale).toMatchObject({ ok: false, error: { code: 401, isError: true } });
      expect(stale.ok || stale.error.message.startsWith('401: ')).toBe(true);
    });
  });
});
