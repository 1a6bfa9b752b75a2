import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium } from './chromium-page.js';
import { listUsers, mockCall, row, rows, tryResult, useDashboardBrowser, useDashboardMock, WAIT_MS, type DashboardPage } from './dashboard-page.js';

// The proofs of the dashboard: it shows what the mock holds, a fault added from its form fires on the
// next request, its try-it panel logs a person in, and its reset empties what the tests filled.

if (!hasChromium) {
  it('runs the dashboard in Chromium', (ctx) => ctx.skip(`${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\``));
}

describe.skipIf(!hasChromium)('the dashboard in Chromium', () => {
  const browser = useDashboardBrowser();
  let d: DashboardPage;
  let page: Page;
  const open = async (url: string) => {
    d = await browser.open(url);
    page = d.page;
  };

  describe('GET / on loopback', () => {
    const mock = useDashboardMock();
    const clientId = () => mock().demo!.clientId;
    const users = () => listUsers(mock(), clientId());

    it('shows the clients, the people with their openid in each host app, and the 知晓云 users', async () => {
      await open(mock().url + '/');
      const people = (await mockCall(mock(), 'GET', `/__mock/people?client_id=${clientId()}`)).body;
      const alice = people.people.find((p: { name: string }) => p.name === 'alice');
      const cells = await (await row(page, 'people-body', '爱丽丝')).locator('td').allTextContents();
      Object.keys(people.host_apps).forEach((host, i) => {
        expect(cells[2 + i]).toContain(alice.identities[host].openid);
        expect(cells[2 + i]).toMatch(alice.loggedInto.includes(host) ? /^logged in/ : /^not logged in/);
      });
      expect(await page.locator('#people-head').textContent()).toContain('抖音');
      expect(await (await row(page, 'clients-body', clientId())).textContent()).toContain(mock().demo!.appid);
      const listed = await rows(page, 'users-body');
      expect(listed.map((r) => r[0])).toEqual((await users()).map((u) => String(u.id)));
      expect(listed.find((r) => r[2] === 'ifanrx')).toBeDefined();
    });

    it('adds a 603 fault from the form and marks it on the next authenticate in the journal', async () => {
      await open(mock().url + '/');
      await page.selectOption('#fault-form [name=operation]', 'authenticate');
      await page.fill('#fault-form [name=effect]', '603');
      await page.fill('#fault-form [name=times]', 'once');
      await page.click('#fault-form button[type=submit]');
      expect(await (await row(page, 'rules-body', 'authenticate')).textContent()).toContain('603');
      const [added] = (await mockCall(mock(), 'GET', '/__mock/faults')).body.rules;
      expect(added).toMatchObject({ operation: 'authenticate', effect: '603', times: 1, remaining: 1 });

      await page.selectOption('#try-person', 'alice');
      await page.selectOption('#try-host', 'douyin');
      await page.click('#try-authorized');
      const failed = await row(page, 'journal-body', 'authenticate');
      expect(await failed.getAttribute('class')).toContain('fired');
      expect(await failed.locator('td').nth(4).textContent()).toBe('603');
      expect(await failed.locator('.fault').textContent()).toBe(`fault ${added.id}: 603`);
      await row(page, 'rules-body', 'spent');
      await tryResult(page, '603');
    });

    it('shows the form’s error when a rule is refused, and adds nothing', async () => {
      await open(mock().url + '/');
      await page.selectOption('#fault-form [name=operation]', 'silent-login');
      await page.fill('#fault-form [name=effect]', '603');
      await page.click('#fault-form button[type=submit]');
      await page.locator('#fault-error').filter({ hasText: '603 applies only to authenticate' }).waitFor({ timeout: WAIT_MS });
      expect((await mockCall(mock(), 'GET', '/__mock/faults')).body.rules).toEqual([]);
    });

    it('turns a scenario switch on with one click and off with the next', async () => {
      await open(mock().url + '/');
      const button = page.locator('#switches .switch', { hasText: '603' });
      await button.click();
      await page.locator('#switches .switch[aria-pressed=true]', { hasText: '603' }).waitFor({ timeout: WAIT_MS });
      expect((await mockCall(mock(), 'GET', '/__mock/faults')).body.rules).toMatchObject([{ id: 'user-refuses-603', operation: 'authenticate', effect: '603', times: 1 }]);
      await button.click();
      await page.locator('#switches .switch[aria-pressed=false]', { hasText: '603' }).waitFor({ timeout: WAIT_MS });
      expect((await mockCall(mock(), 'GET', '/__mock/faults')).body.rules).toEqual([]);
    });

    it('runs a silent login from the try-it panel and shows the new user', async () => {
      await open(mock().url + '/');
      const before = await users();
      await page.selectOption('#try-person', 'bob');
      await page.selectOption('#try-host', 'douyin');
      await page.click('#try-silent');
      await tryResult(page, 'New user');
      const after = await users();
      expect(after).toHaveLength(before.length + 1);
      const created = after.find((u) => !before.some((b) => b.id === u.id))!;
      // The row of the user the login ended with is marked.
      const shown = page.locator('#users-body tr.highlight', { hasText: String(created.id) });
      await shown.waitFor({ timeout: WAIT_MS });
      expect(await shown.locator('td').nth(5).textContent()).toBe('抖音');
      const steps = await page.locator('#try-steps > li').allTextContents();
      expect(steps.map((s) => s.split('request and response')[0])).toEqual([
        'tt.login POST /__mock/bytedance/login → 200',
        'silent-login POST /hserve/v2.5/idp/bytedance/silent-login/ → 201',
      ]);
      await row(page, 'journal-body', 'silent-login');
    });

    it('runs an authorized login and shows the profile it synced', async () => {
      await open(mock().url + '/');
      await page.selectOption('#try-person', 'alice');
      await page.selectOption('#try-host', 'toutiao');
      await page.click('#try-authorized');
      await tryResult(page, 'authorized yes');
      expect(await page.locator('#try-result').textContent()).toContain('nickname 爱丽丝');
      expect(await page.locator('#try-steps > li strong').allTextContents()).toEqual(['tt.login', 'tt.getUserInfo', 'authenticate']);
      const shown = await row(page, 'users-body', '爱丽丝');
      expect(await shown.locator('td').nth(5).textContent()).toBe('今日头条');
      expect(await shown.locator('td').nth(6).textContent()).toBe('yes');
    });

    it('resets the whole mock: the created user, the rules and the journal are gone', async () => {
      await open(mock().url + '/');
      await page.click('#try-silent');
      await tryResult(page, 'New user');
      await page.locator('#switches .switch', { hasText: '603' }).click();
      await row(page, 'rules-body', 'user-refuses-603');
      await row(page, 'journal-body', 'silent-login');
      const fixtureUsers = (await users()).length - 1;

      await page.click('#reset-all');
      await row(page, 'journal-body', 'No requests yet.');
      await row(page, 'rules-body', 'No fault rules');
      await page.locator('#users-body tr').nth(fixtureUsers).waitFor({ state: 'detached', timeout: WAIT_MS });
      expect(await rows(page, 'users-body')).toHaveLength(fixtureUsers);
      expect(d.dialogs.map((x) => x.type)).toEqual(['confirm']);
      expect(await users()).toHaveLength(fixtureUsers);
    });
  });

  describe('GET /?token= with a control token', () => {
    const TOKEN = 'dashboard-token-1';
    const mock = useDashboardMock({ controlToken: TOKEN });

    it('opens with the token and sends it on every control call, so the try-it login works', async () => {
      await open(`${mock().url}/?token=${TOKEN}`);
      await row(page, 'users-body', 'ifanrx');
      await page.click('#try-silent');
      await tryResult(page, 'New user');
      await row(page, 'journal-body', 'silent-login');
      expect(await page.locator('#notice').isHidden()).toBe(true);
    });

    it('shows a 403 page without any data for a wrong token', async () => {
      await open(`${mock().url}/__mock/?token=not-the-token`);
      const body = await page.locator('body').textContent();
      expect(body).toContain('Access refused');
      expect(body).not.toContain('ifanrx');
      expect(await page.locator('#users-body').count()).toBe(0);
      expect((await page.request.get(`${mock().url}/?token=not-the-token`)).status()).toBe(403);
    });
  });
});
