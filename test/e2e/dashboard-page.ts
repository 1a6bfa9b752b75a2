import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { resolveOptions, type MockOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import { launchChromium } from './chromium-page.js';

/** Every wait in the dashboard tests ends by then; polling runs every second, so this is generous. */
export const WAIT_MS = 8000;

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** Dialogs the page opened (`confirm` is accepted, so the reset buttons go ahead). */
  dialogs: { type: string; message: string }[];
  /** Uncaught exceptions and console errors of the page (a blocked inline script shows up here too). */
  errors: string[];
}

/**
 * One Chromium for the file, a fresh context per test; after each test the page must have logged no
 * error. `open()` loads a dashboard address; `setup` runs before the page loads.
 */
export function useDashboardBrowser() {
  let browser: Browser;
  let current: DashboardPage | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const errors = current?.errors ?? [];
    await current?.context.close();
    current = undefined;
    expect(errors).toEqual([]);
  });
  return {
    async open(url: string, setup?: (page: Page) => Promise<unknown>): Promise<DashboardPage> {
      current = await openDashboard(browser, url, setup);
      return current;
    },
  };
}

/** The real server on a free port over a memory store, for the file; reset before each test. */
export function useDashboardMock(options: Partial<MockOptions> = {}): () => RunningMock {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startServer(resolveOptions({ db: null, port: 0, log: 'quiet', ...options }));
  });
  afterAll(async () => {
    await mock?.close();
  });
  beforeEach(async () => {
    await mock.reset();
  });
  return () => mock;
}

async function openDashboard(browser: Browser, url: string, setup?: (page: Page) => Promise<unknown>): Promise<DashboardPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const dialogs: DashboardPage['dialogs'] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push({ type: d.type(), message: d.message() });
    void d.accept();
  });
  page.on('pageerror', (err) => errors.push(err.message));
  // Chromium logs every 4xx and 603 answer as a console error; the page shows those itself.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  await setup?.(page);
  await page.goto(url);
  return { context, page, dialogs, errors };
}

/** Waits until a row of the table body with this id contains the text; fails after WAIT_MS. */
export async function row(page: Page, tbodyId: string, text: string | RegExp): Promise<Locator> {
  const found = page.locator(`#${tbodyId} tr`).filter({ hasText: text }).first();
  await found.waitFor({ timeout: WAIT_MS });
  return found;
}

/** The cells of each row of a table body, as text. */
export function rows(page: Page, tbodyId: string): Promise<string[][]> {
  return page.locator(`#${tbodyId} tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
}

/** Waits for the result line of the try-it panel to contain the text. */
export const tryResult = (page: Page, text: string) => page.locator('#try-result').filter({ hasText: text }).waitFor({ timeout: WAIT_MS });

/** A JSON call from the test to the mock, outside the page. */
export async function mockCall(mock: RunningMock, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(mock.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** The users of a client, as the control API lists them. */
export async function listUsers(mock: RunningMock, clientId: string): Promise<{ id: number; nickname: string | null }[]> {
  return (await mockCall(mock, 'GET', `/__mock/users?client_id=${clientId}`)).body.users;
}
