import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../src/index.js';
import { createTt, installTt } from '../src/tt/index.js';
import { loadScript } from './support/mini-program.js';

/** A script that expects a global `tt`, as the SDK file users ship does, run on the fake tt. */
let mock: MockServer;
let cleanup: (() => void)[] = [];

beforeAll(async () => {
  mock = await startMock();
});
afterEach(() => {
  for (const undo of cleanup.reverse()) undo();
  cleanup = [];
});
afterAll(() => mock.close());

interface ServerTime {
  appName: string;
  loginCode(): Promise<string>;
  now(host: string, clientId: string): Promise<string>;
}

const SCRIPT = 'support/server-time.umd.js';

describe('a UMD script that expects a global tt', () => {
  it('loads after installTt() and drives the fake tt against the mock', async () => {
    const client = mock.newClient();
    cleanup.push(installTt({ url: mock.url, clientId: client.clientId, host: 'toutiao', person: 'carol' }));
    loadScript(SCRIPT);
    const g = globalThis as { ServerTime?: ServerTime };
    cleanup.push(() => delete g.ServerTime);

    expect(g.ServerTime!.appName).toBe('Toutiao');
    expect(await g.ServerTime!.loginCode()).toMatch(/\S{8,}/);
    expect(await g.ServerTime!.now(mock.url, client.clientId)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+08:00$/);
    expect(mock.requests({ clientId: client.clientId }).map((r) => [r.operation, r.person])).toEqual([['tt.login', 'carol'], ['server-time', null]]);
  });

  it('fails to load when there is no global tt, as the SDK file does', () => {
    expect(() => loadScript(SCRIPT)).toThrow(/tt is not defined/);
  });

  it('runs in a vm context whose global tt is the fake one', async () => {
    const client = mock.newClient();
    const context = createContext({ tt: createTt({ url: mock.url, clientId: client.clientId, host: 'news_article_lite', person: 'carol' }) });
    runInContext(readFileSync(new URL(SCRIPT, import.meta.url), 'utf8'), context);
    const lib = context.ServerTime as ServerTime;

    expect(lib.appName).toBe('news_article_lite');
    expect(await lib.loginCode()).toEqual(expect.any(String));
    expect(mock.requests({ clientId: client.clientId, operation: 'tt.login' })).toHaveLength(1);
  });
});
