import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The distribution's Chromium (Debian package `chromium`); no browser download ever happens. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A request the page sent to the mock, as the browser put it on the wire. */
export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface SdkPage {
  context: BrowserContext;
  page: Page;
  /** The page's requests to the mock so far (preflights are not shown here; the mock's log has them). */
  sent(): Promise<SentRequest[]>;
}

/** A fresh context (empty localStorage) with the page loaded and `BaaS.init(clientId, {host})` done. */
export async function openSdkPage(browser: Browser, pageUrl: string, clientId: string, host: string): Promise<SdkPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pending: Promise<SentRequest>[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(host)) return;
    pending.push(
      req.allHeaders().then((headers) => ({
        method: req.method(),
        path: new URL(req.url()).pathname,
        headers,
        body: req.postData() === null ? undefined : req.postDataJSON(),
      })),
    );
  });
  await page.goto(pageUrl);
  await initSdk(page, clientId, host);
  return { context, page, sent: () => Promise.all(pending) };
}

export function initSdk(page: Page, clientId: string, host: string): Promise<void> {
  return page.evaluate(([id, h]) => window.BaaS.init(id, { host: h }), [clientId, host] as const);
}
