import { expect } from 'vitest';
import { createApp } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import type { Deps } from '../src/context.js';
import { FaultEngine } from '../src/faults/engine.js';
import { Journal } from '../src/faults/journal.js';
import { Logger } from '../src/log.js';
import { createDeps } from '../src/server.js';
import { defaultOptions, resolveOptions, type MockOptions } from '../src/options.js';
import { openStore, readDataFile } from '../src/store/open.js';
import type { Data, StoredData } from '../src/store/schema.js';
import { plainDocument } from '../src/store/stored-data.js';

export const fixtures: Data = readDataFile(defaultOptions.fixtures, 'fixtures');
export const DEMO = {
  clientId: '7f2c5a9e1b3d4c6e8a0f',
  appid: 'ttb6a68a34f8faf518',
  secret: 'e2b5cec199d593dbe1f7cf5eb1d854929cc4f8d4',
} as const;

export type TestMock = Awaited<ReturnType<typeof newTestMock>>;

/** A mock app in process: memory store seeded from the shipped fixtures, a clock that moves on demand. */
export async function newTestMock(overrides: Partial<MockOptions> = {}, seed: Data = fixtures) {
  const options = resolveOptions({ db: null, log: 'quiet', ...overrides });
  const clock = new ManualClock();
  const store = await openStore({ file: null, seed });
  const faults = new FaultEngine({ seed: 1 });
  const deps = createDeps({ store, clock, options, log: new Logger('quiet'), fixtures: seed, faults });
  const { platform, journal } = deps;
  const app = createApp(deps);
  const request = (path: string, init: RequestInit = {}) => app.request(path, init);
  return { app, deps, store, platform, clock, faults, journal, request };
}

/** Asserts a status and shows the body when it is not the expected one. */
export async function expectStatus(res: Response, status: number): Promise<any> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: show it as text
  }
  expect({ status: res.status, body }).toMatchObject({ status });
  return body;
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The fake tt.login: a code for a person in a host app. */
export async function ttLogin(
  t: TestMock,
  person = 'alice',
  host = 'douyin',
  extra: Record<string, unknown> = { client_id: DEMO.clientId },
): Promise<{ code: string; anonymous_code: string; is_login: boolean }> {
  return expectStatus(await t.request('/__mock/bytedance/login', json({ person, host, ...extra })), 200);
}

/** The fake tt.getUserInfo with credentials, after a tt.login. */
export async function ttUserInfo(t: TestMock, person = 'alice', host = 'douyin', clientId: string = DEMO.clientId) {
  return expectStatus(
    await t.request('/__mock/bytedance/user-info', json({ person, host, client_id: clientId, with_credentials: true })),
    200,
  ) as Promise<{ userInfo: Record<string, unknown>; rawData: string; signature: string; encryptedData: string; iv: string }>;
}

/** A 知晓云 request as the SDK sends it: client ID header, JSON body, optional token. */
export function hserve(
  t: TestMock,
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string; clientId?: string; envId?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'X-Hydrogen-Client-ID': opts.clientId ?? DEMO.clientId,
    'X-Hydrogen-Client-Version': 'v3.23.6',
    'X-Hydrogen-Client-Platform': 'BYTEDANCE',
    'X-Hydrogen-Client-SDK-Type': 'file',
    ...opts.headers,
  };
  if (opts.envId) headers['X-Hydrogen-Env-ID'] = opts.envId;
  if (opts.token) headers.Authorization = `Hydrogen-r1 ${opts.token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return Promise.resolve(t.request(path, init));
}

/** A store document without its session-token secret (random per store), to compare with fixtures. */
/** The document without its token secret, its records parsed (a store's own is full of RecordTables). */
export function withoutSecret(d: Data | StoredData): Data {
  const { tokenSecret: _secret, ...platform } = d.platform;
  return { ...plainDocument(d), platform };
}
