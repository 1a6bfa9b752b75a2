import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readToken, signToken } from '../../src/baas/session-tokens.js';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import { DEMO, expectStatus, hserve, newTestMock } from '../helpers.js';
import { logsIn, registers } from './account-actions.js';

const me = (t: Parameters<typeof hserve>[0], token: string) => hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token });

describe('session tokens', () => {
  it('carry signed claims that read back, and nothing reads a token signed with another secret', () => {
    const claims = { tenant: 'c1', epoch: '', userId: 7, issuedAt: 1, expiresAt: 2, method: 'username', nonce: 'n1' };
    const token = signToken('secret-one-secret-one', claims);
    expect(readToken('secret-one-secret-one', token)).toEqual(claims);
    expect(readToken('secret-two-secret-two', token)).toBeNull();
    // Claims that need escaping in JSON (an epoch from a hand-edited store) read back too.
    const odd = { ...claims, epoch: 'quote " backslash \\ é \u0001' };
    expect(readToken('secret-one-secret-one', signToken('secret-one-secret-one', odd))).toEqual(odd);
  });

  it('are signed with HMAC-SHA256 whatever the secret, so tokens signed before keep working', () => {
    const claims = { tenant: 'c1', epoch: 'e', userId: 7, issuedAt: 1, expiresAt: 2, method: 'username', nonce: 'n1' };
    // Short, one block, longer than a block (hashed first), and non-ASCII (a hand-edited store).
    for (const secret of ['s', 'k'.repeat(64), 'k'.repeat(65), 'Geheimnis-é-秘密', 'x'.repeat(300)]) {
      const token = signToken(secret, claims);
      const [payload, signature] = token.split('.') as [string, string];
      expect(signature).toBe(createHmac('sha256', secret).update(payload).digest('base64url'));
      expect(readToken(secret, token)).toEqual(claims);
    }
  });

  it('refuses a token whose claims were changed', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const [payload, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims[3] = 310000000000002; // someone else's user id
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
    await expectStatus(await me(t, forged), 401);
    await expectStatus(await me(t, token), 200);
  });

  it('die when their client is reset, even when the user id is handed out again', async () => {
    const t = await newTestMock();
    const clientId = 'reset-me-client';
    const first = await registers(t, 'username', 'first-user', 'pw-123456', { clientId });
    await t.deps.reset(clientId);
    const second = await registers(t, 'username', 'second-user', 'pw-123456', { clientId });
    expect(second.user_id).toBe(first.user_id);
    await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token: first.token, clientId }), 401);
    await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token: second.token, clientId }), 200);
  });

  it('die when the whole mock is reset', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    await t.deps.reset();
    await expectStatus(await me(t, token), 401);
  });
});

describe('sessions on a file store', () => {
  const dirs: string[] = [];
  const mocks: RunningMock[] = [];
  afterEach(async () => {
    for (const m of mocks.splice(0)) await m.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const start = async (db: string) => {
    const mock = await startServer(resolveOptions({ db, port: 0, log: 'quiet' }));
    mocks.push(mock);
    return mock;
  };
  const call = (mock: RunningMock, method: string, path: string, body?: unknown, token?: string) =>
    fetch(mock.url + path, {
      method,
      headers: {
        'X-Hydrogen-Client-ID': DEMO.clientId,
        'content-type': 'application/json',
        ...(token ? { authorization: `Hydrogen-r1 ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('log a known user in without writing to disk, and stay valid after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-baas-mock-sessions-'));
    dirs.push(dir);
    const db = join(dir, 'db.json');
    const mock = await start(db);
    const before = mock.store.stats().journalBytes;
    const login = await expectStatus(await call(mock, 'POST', '/hserve/v2.1/login/username/', { username: 'ifanrx', password: '111111' }), 201);
    expect(mock.store.stats().journalBytes).toBe(before);

    await mock.close();
    mocks.length = 0;
    const again = await start(db);
    const user = await expectStatus(await call(again, 'GET', '/hserve/v2.5/user/info/', undefined, login.token), 200);
    expect(user._username).toBe('ifanrx');
  });

  it('stay logged out after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-baas-mock-sessions-'));
    dirs.push(dir);
    const db = join(dir, 'db.json');
    const mock = await start(db);
    const login = await expectStatus(await call(mock, 'POST', '/hserve/v2.1/login/username/', { username: 'ifanrx', password: '111111' }), 201);
    await expectStatus(await call(mock, 'POST', '/hserve/v2.0/session/destroy/', {}, login.token), 201);
    await mock.close();
    mocks.length = 0;
    const again = await start(db);
    await expectStatus(await call(again, 'GET', '/hserve/v2.5/user/info/', undefined, login.token), 401);
  });
});
