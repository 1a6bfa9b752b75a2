import type { DOMWindow } from 'jsdom';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSdkWindow } from './jsdom-window.js';
import { FIXTURE_EMAIL, FIXTURE_USERNAME, fetchUser, rawLogin, startRecordedMock, type RecordedMock } from './recorded-mock.js';
import { webSdkSource, type Credentials, type Settled } from './web-sdk.js';

// The published web build in jsdom: the cheapest way for a developer's Node test suite to run it.
describe('minapp-sdk web build in jsdom', () => {
  let m: RecordedMock;
  let source: string;
  let win: DOMWindow;

  beforeAll(async () => {
    m = await startRecordedMock();
    source = webSdkSource();
  });
  afterAll(async () => {
    await m?.mock.close();
  });
  beforeEach(async () => {
    await m.mock.reset();
    win = openSdkWindow(source, m.clientId, m.mock.url);
    m.clear();
  });
  afterEach(() => {
    win?.close();
  });

  const register = (c: Credentials) => win.settle(win.BaaS.auth.register(c), win.userView);
  const login = (c: Credentials) => win.settle(win.BaaS.auth.login(c), win.userView);
  const currentUser = () => win.settle(win.BaaS.auth.getCurrentUser(), win.userView);
  const user = <T>(s: Settled<T>): T => {
    if (!s.ok) throw new Error(`the SDK rejected: code ${String(s.error.code)}, ${s.error.message}`);
    return s.value;
  };

  describe('BaaS.auth.register', () => {
    it('creates a username account through preflighted cross-origin requests', async () => {
      const u = user(await register({ username: 'lin_ming', password: 'p4ss-word' }));
      expect(u).toMatchObject({ _username: 'lin_ming', user_id: u.id, record: { id: u.id, _anonymous: false } });
      expect(m.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'OPTIONS /hserve/v2.1/register/username/ 204',
        'POST /hserve/v2.1/register/username/ 201',
        `OPTIONS /hserve/v2.5/user/info/${u.id}/ 204`,
        `GET /hserve/v2.5/user/info/${u.id}/ 200`,
      ]);
    });
  });

  describe('BaaS.auth.login', () => {
    it('logs the fixture account in by username', async () => {
      expect(user(await login(FIXTURE_USERNAME))).toMatchObject({ id: 310000000000001, _username: 'ifanrx' });
    });

    it('logs the fixture account in by email', async () => {
      expect(user(await login(FIXTURE_EMAIL))).toMatchObject({ id: 310000000000002, _email: 'ifanrx@ifanr.com' });
    });

    it('rejects a wrong password with the HError the SDK builds from the error body', async () => {
      const wrong = { email: 'ifanrx@ifanr.com', password: 'ifanrx124' };
      const s = await login(wrong);
      const raw = await rawLogin(m, 'email', wrong);
      expect(raw.status).toBe(400);
      expect(s).toEqual({ ok: false, error: { code: 400, message: `400: ${raw.body.error_msg}`, isError: true } });
    });
  });

  describe('BaaS.auth.getCurrentUser', () => {
    it('returns the logged-in user and rejects with 604 before any login', async () => {
      expect(await currentUser()).toMatchObject({ ok: false, error: { code: 604, message: '604: session missing' } });
      expect(m.requests()).toEqual([]);
      const u = user(await login(FIXTURE_USERNAME));
      expect(user(await currentUser())).toMatchObject({ id: u.id, _username: 'ifanrx', session_expires_at: u.session_expires_at });
    });
  });

  describe('BaaS.auth.logout', () => {
    it('ends the session: getCurrentUser rejects with 604 and the old token gets 401', async () => {
      const u = user(await login(FIXTURE_USERNAME));
      const token = await win.BaaS.getAuthToken();
      const out = await win.settle(win.BaaS.auth.logout(), (r) => r.status);
      expect(out).toEqual({ ok: true, value: 201 });
      expect(await currentUser()).toMatchObject({ ok: false, error: { code: 604 } });
      expect((await fetchUser(m, u.id, token!)).status).toBe(401);
    });
  });
});
