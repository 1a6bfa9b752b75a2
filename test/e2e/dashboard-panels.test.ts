import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium } from './chromium-page.js';
import { listUsers, mockCall, row, rows, tryResult, useDashboardBrowser, useDashboardMock, WAIT_MS, type DashboardPage } from './dashboard-page.js';
import { countPolls, hidePage, loggedInToken, setNickname, showPage } from './dashboard-steps.js';

if (!hasChromium) {
  it('runs the dashboard panels in Chromium', (ctx) => ctx.skip(`${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\``));
}

const MARKUP = '<img src=x onerror=alert(1)>';

describe.skipIf(!hasChromium)('the dashboard panels in Chromium', () => {
  const browser = useDashboardBrowser();
  const mock = useDashboardMock();
  const clientId = () => mock().demo!.clientId;
  let d: DashboardPage;
  let page: Page;
  const open = async (path = '/', setup?: (p: Page) => Promise<unknown>) => {
    d = await browser.open(mock().url + path, setup);
    page = d.page;
  };

  it('shows a nickname holding markup as text, both as served and after a refresh', async () => {
    const { token, userId } = await loggedInToken(mock(), clientId());
    await setNickname(mock(), clientId(), token, `${MARKUP} 一`);
    await open();
    const cell = (await row(page, 'users-body', String(userId))).locator('td').nth(1);
    expect(await cell.textContent()).toBe(`${MARKUP} 一`);
    await setNickname(mock(), clientId(), token, `${MARKUP} 二`);
    await row(page, 'users-body', `${MARKUP} 二`);
    await page.locator('#users-body button[data-user]', { hasText: String(userId) }).click();
    expect(await page.locator('#detail-record').textContent()).toContain(`"nickname": "${MARKUP} 二"`);
    expect(await page.locator('img').count()).toBe(0);
    expect(d.dialogs).toEqual([]);
  });

  it('shows the full record and the sessions of a user', async () => {
    const { userId } = await loggedInToken(mock(), clientId());
    await open();
    await page.locator('#users-body button[data-user]', { hasText: String(userId) }).click();
    await page.locator('#detail-record', { hasText: `"id": ${userId}` }).waitFor({ timeout: WAIT_MS });
    const record = JSON.parse((await page.locator('#detail-record').textContent())!);
    expect(record).toEqual((await listUsers(mock(), clientId())).find((u) => u.id === userId));
    await row(page, 'detail-sessions', 'live');
    expect((await rows(page, 'sessions-body')).map((r) => r[0])).toContain(String(userId));
  });

  it('says so when the mock has no sessions listing', async () => {
    await open('/', (p) => p.route('**/__mock/sessions?*', (r) => r.fulfill({ status: 404, json: { mock: { error: 'no route' } } })));
    await row(page, 'sessions-body', 'GET /__mock/sessions answers 404');
  });

  it('shows the SMS codes and mails in the outbox', async () => {
    await open();
    await mockCall(mock(), 'POST', '/hserve/v2.2/sms-verification-code/', { phone: '13800138000' }, { 'X-Hydrogen-Client-ID': clientId() });
    const [sms] = (await mockCall(mock(), 'GET', `/__mock/outbox?client_id=${clientId()}`)).body.messages;
    const shown = await row(page, 'outbox-body', '13800138000');
    expect(await shown.locator('td').nth(4).textContent()).toBe(sms.code);
  });

  it('advances the mock clock by the seconds given', async () => {
    await open();
    const before = (await mockCall(mock(), 'GET', '/__mock/clock')).body.now_ms;
    await page.fill('#clock-seconds', '3600');
    await page.click('#clock-form button[type=submit]');
    await page.locator('#notice').filter({ hasText: 'moved forward 3600 s' }).waitFor({ timeout: WAIT_MS });
    const after = (await mockCall(mock(), 'GET', '/__mock/clock')).body.now_ms;
    expect(after - before).toBeGreaterThanOrEqual(3600_000);
    const shown = async () => Date.parse((await page.locator('#clock').textContent())!.replace(' ', 'T') + 'Z');
    await expect.poll(shown, { timeout: WAIT_MS }).toBeGreaterThanOrEqual(Math.floor((before + 3600_000) / 1000) * 1000);
  });

  it('resets one client and leaves another client’s users alone', async () => {
    const other = 'other-client-1';
    await mockCall(mock(), 'POST', '/hserve/v2.1/register/username/', { username: 'keeps_me', password: 'p4ss-word' }, { 'X-Hydrogen-Client-ID': other });
    await open();
    await page.click('#try-silent');
    await tryResult(page, 'New user');
    const fixtureUsers = (await listUsers(mock(), clientId())).length - 1;
    await page.click('#reset-client');
    await page.locator('#users-body tr').nth(fixtureUsers).waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await listUsers(mock(), clientId())).toHaveLength(fixtureUsers);
    expect(await listUsers(mock(), other)).toMatchObject([{ _username: 'keeps_me' }]);
  });

  it('switches to another client and environment from the client list', async () => {
    const headers = { 'X-Hydrogen-Client-ID': clientId(), 'X-Hydrogen-Env-ID': 'staging' };
    await mockCall(mock(), 'POST', '/hserve/v2.1/register/username/', { username: 'staging_user', password: 'p4ss-word' }, headers);
    await open();
    await page.selectOption('#tenant', `${clientId()}@staging`);
    await row(page, 'users-body', 'staging_user');
    expect(await rows(page, 'users-body')).toHaveLength(1);
    expect(new URL(page.url()).searchParams.get('env')).toBe('staging');
  });

  it('stops polling the journal while the tab is hidden and polls again when it is shown', async () => {
    let polls!: ReturnType<typeof countPolls>;
    await open('/', async (p) => {
      polls = countPolls(p);
      await p.clock.install({ time: Date.now() });
      await p.clock.pauseAt(Date.now() + 1000);
    });
    await page.locator('#sessions-body tr.empty', { hasText: 'Loading' }).waitFor({ state: 'detached', timeout: WAIT_MS });
    const first = await polls.settled();
    await page.clock.runFor(1000);
    expect(await polls.settled(first + 1)).toBe(first + 1);

    await hidePage(page);
    await page.locator('#live', { hasText: 'paused' }).waitFor({ timeout: WAIT_MS });
    await page.clock.runFor(5000);
    await showPage(page);
    await page.locator('#live', { hasText: /^live$/ }).waitFor({ timeout: WAIT_MS });
    expect(await polls.settled(first + 2)).toBe(first + 2);
  });
});
