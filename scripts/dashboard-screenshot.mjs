#!/usr/bin/env node
// Saves docs/dashboard.png: the dashboard of a mock holding a few users, rules, requests and messages.
// Needs the build (`npm run build`) and Debian's chromium; for Chinese text, a CJK font
// (`apt-get install -y fonts-noto-cjk`). Usage: node scripts/dashboard-screenshot.mjs [out.png]
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { resolveOptions, startServer } from '../dist/index.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../docs/dashboard.png', import.meta.url));
const mock = await startServer(resolveOptions({ db: null, port: 0, log: 'quiet' }));
const clientId = mock.demo.clientId;

async function post(path, body, headers = {}) {
  const res = await fetch(mock.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** The requests of a ByteDance login, as the try-it panel makes them. */
async function login(person, host, authorized = false) {
  const subject = { client_id: clientId, host, person };
  const { body: tt } = await post('/__mock/bytedance/login', { ...subject, force: true });
  const payload = { code: tt.code, app_name: host, create_user: true };
  if (!authorized) return post('/hserve/v2.5/idp/bytedance/silent-login/', payload, { 'X-Hydrogen-Client-ID': clientId });
  const { body: info } = await post('/__mock/bytedance/user-info', { ...subject, with_credentials: true });
  const signed = { rawData: info.rawData, signature: info.signature, encryptedData: info.encryptedData, iv: info.iv, update_userprofile: 'setnx' };
  return post('/hserve/v2.5/idp/bytedance/authenticate/', { ...payload, ...signed }, { 'X-Hydrogen-Client-ID': clientId });
}

let browser;
try {
  await login('bob', 'douyin');
  await login('carol', 'toutiao', true);
  await post('/hserve/v2.2/sms-verification-code/', { phone: '13800138000' }, { 'X-Hydrogen-Client-ID': clientId });
  await post('/__mock/faults', { operation: 'silent-login', effect: '404', times: 1, match: { person: 'carol' } });
  await login('carol', 'news_article_lite');

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(mock.url + '/');
  await page.selectOption('#try-person', 'alice');
  await page.selectOption('#try-host', 'douyin');
  await page.click('#try-authorized');
  await page.locator('#try-result').filter({ hasText: 'user' }).waitFor({ timeout: 10_000 });
  await page.locator('#users-body tr.highlight').waitFor({ timeout: 10_000 });
  // Armed after the login above, so that the picture shows a switch on and a login that worked.
  await post('/__mock/faults', { id: 'user-refuses-603', operation: 'authenticate', effect: '603', times: 1 });
  await page.locator('#switches .switch[aria-pressed=true]').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: out });
  console.log(`saved ${out}`);
} finally {
  await browser?.close();
  await mock.close();
}
