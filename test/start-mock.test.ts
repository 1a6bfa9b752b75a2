import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultRuleError, OptionsError, startMock, type MockServer, type MockClient } from '../src/index.js';
import { DEMO } from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock({ seed: 7 });
});
afterAll(() => mock.close());

const post = (path: string, body: unknown, clientId?: string) =>
  fetch(mock.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(clientId ? { 'X-Hydrogen-Client-ID': clientId } : {}) },
    body: JSON.stringify(body),
  });

/** A tt.login code through the fake device endpoint. */
async function loginCode(client: MockClient, person = 'alice'): Promise<string> {
  const res = await post('/__mock/bytedance/login', { client_id: client.clientId, host: 'douyin', person });
  return ((await res.json()) as { code: string }).code;
}

async function code2session(client: MockClient, code: string): Promise<{ err_no: number; data: { openid?: string } }> {
  const res = await post('/api/apps/v2/jscode2session', { appid: client.appid, secret: client.secret, code });
  return (await res.json()) as { err_no: number; data: { openid?: string } };
}

async function silentLogin(client: MockClient, person = 'alice'): Promise<number> {
  const res = await post('/hserve/v2.5/idp/bytedance/silent-login/', { create_user: true, app_name: 'douyin', code: await loginCode(client, person) }, client.clientId);
  expect(res.status).toBe(201);
  return ((await res.json()) as { user_info: { id: number } }).user_info.id;
}

const userIds = async (clientId: string): Promise<number[]> => {
  const res = await fetch(`${mock.url}/__mock/users?client_id=${clientId}`);
  return ((await res.json()) as { users: { id: number }[] }).users.map((u) => u.id);
};

describe('startMock', () => {
  it('starts in memory, quietly, on a free port, with the fixture client', async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    expect({ clientId: mock.clientId, appid: mock.appid, secret: mock.secret }).toEqual(DEMO);
    expect(mock.server.options).toMatchObject({ db: null, log: 'quiet', port: 0 });
    expect((await fetch(`${mock.url}/__mock/health`)).status).toBe(200);
  });

  it('takes fault rules spelled or as objects, a scenario file and a seed, as the CLI does', async () => {
    const scenario = fileURLToPath(new URL('../fixtures/scenarios/no-account.json', import.meta.url));
    const other = await startMock({ scenario, faults: ['silent-login=404:once', { operation: 'authenticate', effect: '603' }], seed: 42 });
    try {
      expect(other.faults.list().map((r) => [r.id, r.operation, r.effect.type, r.times])).toEqual([
        ['no-account-silent-login', 'silent-login', '404', 1],
        ['no-account-authenticate', 'authenticate', '404', 1],
        ['f1', 'silent-login', '404', 1],
        ['f2', 'authenticate', '603', null],
      ]);
      expect(other.server.faults.seed).toBe(42);
    } finally {
      await other.close();
    }
  });

  it('refuses bad options before starting, naming them', async () => {
    await expect(startMock({ faults: ['silent-login=404', 'nope=404'] })).rejects.toThrow(FaultRuleError);
    await expect(startMock({ faults: ['silent-login=404', 'nope=404'] })).rejects.toThrow(/^faults\[1\]: unknown operation "nope"/);
    await expect(startMock({ port: 70000 })).rejects.toThrow(OptionsError);
    await expect(startMock({ seed: -1 })).rejects.toThrow(/^seed must be/);
  });
});

describe('mock.faults', () => {
  it('adds one rule or several, lists them with their firings, removes one and clears one client\'s', async () => {
    const client = mock.newClient();
    const one = mock.faults.add({ operation: 'silent-login', effect: '404', times: 1, match: { client_id: client.clientId } });
    const [two, three] = mock.faults.add(['tt.login=delay:1', { op: 'logout', effect: 'status:500' }]);
    expect([one.operation, two!.operation, three!.operation]).toEqual(['silent-login', 'tt.login', 'logout']);

    const res = await post('/hserve/v2.5/idp/bytedance/silent-login/', { create_user: true, app_name: 'douyin', code: await loginCode(client) }, client.clientId);
    expect(res.status).toBe(404);
    expect(mock.faults.list().find((r) => r.id === one.id)).toMatchObject({ fired: 1, remaining: 0 });

    expect(mock.faults.remove(two!.id)).toBe(true);
    expect(mock.faults.remove(two!.id)).toBe(false);
    expect(mock.faults.clear(client.clientId)).toBe(1);
    expect(mock.faults.list().map((r) => r.id)).toEqual([three!.id]);
    expect(mock.faults.clear()).toBe(1);
    expect(() => mock.faults.add('silent-login=deny')).toThrow(FaultRuleError);
  });
});

describe('mock.requests', () => {
  it('lists what the mock answered, oldest first, narrowed by client, operation, status and limit', async () => {
    const client = mock.newClient();
    const first = await loginCode(client);
    await code2session(client, first);
    await code2session(client, first);
    expect(mock.requests({ clientId: client.clientId }).map((r) => r.operation)).toEqual(['tt.login', 'code2session', 'code2session']);
    expect(mock.requests({ clientId: client.clientId, operation: 'tt.login' })).toMatchObject([{ person: 'alice', status: 200, path: '/__mock/bytedance/login' }]);
    expect(mock.requests({ clientId: client.clientId, limit: 2 }).map((r) => r.operation)).toEqual(['code2session', 'code2session']);
    const seqs = mock.requests({ clientId: client.clientId }).map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(() => mock.requests({ status: 'teapot' })).toThrow(/status/);
  });
});

describe('mock.outbox', () => {
  it('shows the SMS a client\'s users were sent, newest first, for that client only', async () => {
    const client = mock.newClient();
    for (const phone of ['13800000001', '13800000002']) {
      expect((await post('/hserve/v2.2/sms-verification-code/', { phone }, client.clientId)).status).toBe(200);
    }
    const messages = mock.outbox(client.clientId);
    expect(messages.map((m) => [m.kind, m.to])).toEqual([['sms', '13800000002'], ['sms', '13800000001']]);
    expect(messages[0]!.code).toMatch(/^\d{6}$/);
    expect(mock.outbox(client.clientId, { to: '13800000001' })).toHaveLength(1);
    expect(mock.outbox(mock.newClient().clientId)).toEqual([]);
  });
});

describe('mock.clock', () => {
  it('moves the mock\'s time: a tt.login code expires after 300 s without waiting', async () => {
    const client = mock.newClient();
    const kept = await loginCode(client);
    const lapsed = await loginCode(client);
    const before = mock.clock.now();
    expect((await code2session(client, kept)).err_no).toBe(0);
    mock.clock.advance(301);
    expect(mock.clock.now() - before).toBeGreaterThanOrEqual(301_000);
    expect((await code2session(client, lapsed)).err_no).toBe(40018);
  });
});

describe('mock.newClient', () => {
  it('gives each caller a client of its own, with an appid code2session accepts', async () => {
    const a = mock.newClient();
    const b = mock.newClient();
    expect(a.clientId).not.toBe(b.clientId);
    expect(a.clientId).toMatch(/^[0-9a-f]{20}$/);
    expect(a.appid).toMatch(/^tt[0-9a-f]{16}$/);
    expect(a.appid).not.toBe(b.appid);
    const exchanged = await code2session(a, await loginCode(a));
    expect(exchanged).toMatchObject({ err_no: 0, data: { openid: expect.any(String) } });

    const id = await silentLogin(a);
    expect(await userIds(a.clientId)).toEqual([id]);
    expect(await userIds(b.clientId)).toEqual([]);
  });

  it('is refused when the mock knows only the clients of its store', async () => {
    const strict = await startMock({ strictClients: true });
    try {
      expect(() => strict.newClient()).toThrow(/strictClients/);
    } finally {
      await strict.close();
    }
  });
});

describe('mock.reset', () => {
  it('restores one client\'s share, or everything', async () => {
    const a = mock.newClient();
    const b = mock.newClient();
    await silentLogin(a);
    const kept = await silentLogin(b);
    await mock.reset(a.clientId);
    expect(await userIds(a.clientId)).toEqual([]);
    expect(await userIds(b.clientId)).toEqual([kept]);
    expect(mock.requests({ clientId: a.clientId })).toEqual([]);

    await mock.reset();
    expect(await userIds(b.clientId)).toEqual([]);
    expect(mock.requests()).toEqual([]);
    expect(await userIds(DEMO.clientId)).toHaveLength(2);
  });
});

describe('mock.close', () => {
  it('resolves once the port is free, and again when called twice', async () => {
    const other = await startMock();
    await fetch(`${other.url}/__mock/health`);
    await Promise.all([other.close(), other.close()]);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(other.port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(fetch(`${other.url}/__mock/health`)).rejects.toThrow();
  });
});
