import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readToken, signToken, type SessionClaims } from '../../src/baas/session-tokens.js';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import { DEMO, expectStatus, hserve, newTestMock } from '../helpers.js';
import { logsIn, registers } from './account-actions.js';

const me = (t: Parameters<typeof hserve>[0], token: string) => hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token });

const SECRET = 'secret-one-secret-one';
const claims: SessionClaims = { tenant: 'c1', epoch: 'e1', userId: 310000000000007, issuedAt: 1795537839753, expiresAt: 1798129839753.5, method: 'bytedance-silent', nonce: 'MOU3faqCOd169VOi' };
const read = (token: string, over: { secret?: string; tenant?: string; epoch?: string } = {}) =>
  readToken(over.secret ?? SECRET, token, over.tenant ?? claims.tenant, over.epoch ?? claims.epoch);

/** A token as mocks before version 2 signed them: the claims as JSON, and the whole HMAC. */
function version1(secret: string, c: SessionClaims): string {
  const payload = Buffer.from(JSON.stringify([1, c.tenant, c.epoch, c.userId, c.issuedAt, c.expiresAt, c.method, c.nonce])).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

describe('session tokens', () => {
  it('carry signed claims that read back, for their tenant and epoch only', () => {
    const token = signToken(SECRET, claims);
    expect(read(token)).toEqual(claims);
    expect(read(token, { secret: 'secret-two-secret-two' })).toBeNull();
    expect(read(token, { tenant: 'c2' })).toBeNull();
    expect(read(token, { epoch: 'e2' })).toBeNull();
    // A tenant and epoch that are not plain ASCII (a hand-edited store) sign and read back too.
    const odd = { ...claims, epoch: 'quote " newline \n é 秘密' };
    expect(readToken(SECRET, signToken(SECRET, odd), odd.tenant, odd.epoch)).toEqual(odd);
  });

  it('are short: packed claims and a signature cut to 132 bits, 74 characters in all', () => {
    const token = signToken(SECRET, claims);
    expect(token).toMatch(/^[\w-]{51}\.[\w-]{22}$/);
    for (const method of ['username', 'register-phone', 'anonymous', 'bytedance-authenticate'] as const) {
      expect(read(signToken(SECRET, { ...claims, method }))?.method).toBe(method);
    }
  });

  it('are signed with HMAC-SHA256 over tenant, epoch and claims whatever the secret', () => {
    // Short, one block, longer than a block (hashed first), and non-ASCII (a hand-edited store).
    for (const secret of ['s', 'k'.repeat(64), 'k'.repeat(65), 'Geheimnis-é-秘密', 'x'.repeat(300)]) {
      const token = signToken(secret, claims);
      const [payload, signature] = token.split('.') as [string, string];
      const full = createHmac('sha256', secret).update(`${claims.tenant}\n${claims.epoch}\n${payload}`).digest('base64url');
      expect(signature).toBe(full.slice(0, 22));
      expect(read(token, { secret })).toEqual(claims);
    }
  });

  it('refuse a changed claim, a cut signature and a wrong version', () => {
    const token = signToken(SECRET, claims);
    const [payload, signature] = token.split('.') as [string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes.writeDoubleBE(310000000000002, 2); // someone else's user id
    expect(read(`${bytes.toString('base64url')}.${signature}`)).toBeNull();
    expect(read(`${payload}.${signature.slice(0, 21)}`)).toBeNull();
    expect(read(`${payload}.${signature}A`)).toBeNull();
    // Claims no mock writes, signed with the right secret: read as nothing, not as half a session.
    const resigned = (change: (b: Buffer) => void) => {
      const b = Buffer.from(payload, 'base64url');
      change(b);
      const p = b.toString('base64url');
      return `${p}.${createHmac('sha256', SECRET).update(`${claims.tenant}\n${claims.epoch}\n${p}`).digest('base64url').slice(0, 22)}`;
    };
    expect(read(resigned(() => {}))).toEqual(claims);
    expect(read(resigned((b) => (b[0] = 3)))).toBeNull(); // a later version
    expect(read(resigned((b) => (b[1] = 200)))).toBeNull(); // no such login method
    expect(read(resigned((b) => b.writeDoubleBE(1.5, 2)))).toBeNull(); // not a user id
    expect(read(resigned((b) => b.writeDoubleBE(NaN, 18)))).toBeNull(); // no expiry
  });

  it('are signed only for a nonce of 12 bytes, as issued', () => {
    expect(() => signToken(SECRET, { ...claims, nonce: 'n1' })).toThrow(RangeError);
  });

  it('read tokens of the earlier JSON form, which a store carried over from an older mock still holds', () => {
    expect(read(version1(SECRET, claims))).toEqual(claims);
    expect(read(version1(SECRET, claims), { epoch: 'e2' })).toBeNull();
    expect(read(version1(SECRET, claims), { tenant: 'c2' })).toBeNull();
    expect(read(version1('secret-two-secret-two', claims))).toBeNull();
  });

  it('refuses a token whose claims were changed, over HTTP', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const [payload, mac] = token.split('.');
    const bytes = Buffer.from(payload!, 'base64url');
    bytes.writeDoubleBE(310000000000002, 2); // someone else's user id
    const forged = `${bytes.toString('base64url')}.${mac}`;
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
