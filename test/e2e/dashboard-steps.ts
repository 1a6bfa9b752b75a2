import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunningMock } from '../../src/server.js';
import { mockCall, WAIT_MS } from './dashboard-page.js';

/** Logs the fixture account `ifanrx` in, as the SDK would: a session of the demo client. */
export async function loggedInToken(mock: RunningMock, clientId: string): Promise<{ token: string; userId: number }> {
  const r = await mockCall(mock, 'POST', '/hserve/v2.1/login/username/', { username: 'ifanrx', password: '111111' }, { 'X-Hydrogen-Client-ID': clientId });
  expect(r.status).toBe(201);
  return { token: r.body.token, userId: r.body.user_id };
}

/** The user's own profile update (PUT /hserve/v2.5/user/info/), the way any app can store any nickname. */
export async function setNickname(mock: RunningMock, clientId: string, token: string, nickname: string): Promise<void> {
  const r = await mockCall(mock, 'PUT', '/hserve/v2.5/user/info/', { nickname }, { 'X-Hydrogen-Client-ID': clientId, Authorization: `Hydrogen-r1 ${token}` });
  expect(r.status).toBe(200);
}

/** Counts the page's journal polls (GET /__mock/requests), sent and answered. */
export function countPolls(page: Page) {
  let sent = 0;
  let done = 0;
  const isPoll = (url: string) => new URL(url).pathname === '/__mock/requests';
  page.on('request', (r) => {
    if (isPoll(r.url())) sent += 1;
  });
  const answered = (r: { url(): string }) => {
    if (isPoll(r.url())) done += 1;
  };
  page.on('requestfinished', answered);
  page.on('requestfailed', answered);
  return {
    /** Waits until every poll sent has its answer (and at least `atLeast` were sent); the number sent. */
    async settled(atLeast = 1): Promise<number> {
      await expect.poll(() => sent >= atLeast && done === sent, { timeout: WAIT_MS }).toBe(true);
      return sent;
    },
  };
}

// Headless Chromium keeps its one tab visible; the page reads document.hidden and the visibilitychange
// event, so both are stood in for.
export const hidePage = (page: Page) => setHidden(page, true);
export const showPage = (page: Page) => setHidden(page, false);

function setHidden(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate((value) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}
