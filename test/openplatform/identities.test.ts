import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import type { Data } from '../../src/store/schema.js';
import { DEMO, fixtures, newTestMock, ttLogin, type TestMock } from '../helpers.js';
import { code2session } from './code2session-client.js';

/** tt.login followed by code2session: the ids a developer's server sees for one login. */
async function idsOf(t: TestMock, person: string, host: string, extra: Record<string, unknown> = { client_id: DEMO.clientId }) {
  const { code, anonymous_code } = await ttLogin(t, person, host, { force: true, ...extra });
  const appid = (extra.appid as string | undefined) ?? t.platform.appOfClient((extra.client_id as string | undefined) ?? DEMO.clientId)!.appid;
  const secret = t.platform.appByAppid(appid)!.secret;
  const r = await code2session(t, { appid, secret, code, anonymous_code });
  expect(r.err_no).toBe(0);
  return r.data;
}

describe('identities reported by code2session (contract A5)', () => {
  it('gives one person a different openid in each host app', async () => {
    const t = await newTestMock();
    const douyin = await idsOf(t, 'alice', 'douyin');
    const toutiao = await idsOf(t, 'alice', 'toutiao');
    const devtools = await idsOf(t, 'alice', 'devtools');
    expect(new Set([douyin.openid, toutiao.openid, devtools.openid]).size).toBe(3);
  });

  it('gives one person a different unionid in each host app', async () => {
    const t = await newTestMock();
    const douyin = await idsOf(t, 'alice', 'douyin');
    const toutiao = await idsOf(t, 'alice', 'toutiao');
    expect(douyin.unionid).not.toBe(toutiao.unionid);
  });

  it('gives another person another openid and unionid', async () => {
    const t = await newTestMock();
    const alice = await idsOf(t, 'alice', 'douyin');
    const bob = await idsOf(t, 'bob', 'douyin');
    expect(bob.openid).not.toBe(alice.openid);
    expect(bob.unionid).not.toBe(alice.unionid);
  });

  it('gives one person the same openid and unionid on every login', async () => {
    const t = await newTestMock();
    const first = await idsOf(t, 'alice', 'douyin');
    const second = await idsOf(t, 'alice', 'douyin');
    expect(second.openid).toBe(first.openid);
    expect(second.unionid).toBe(first.unionid);
    expect(second.session_key).not.toBe(first.session_key);
  });

  it('shares the unionid, not the openid, between mini-programs of one developer', async () => {
    const seed = structuredClone(fixtures);
    seed.clients['second-client'] = { appid: 'tt00000000000000a2', secret: 'second-secret', developer: 'demo-developer' };
    const t = await newTestMock({}, seed);
    const one = await idsOf(t, 'alice', 'douyin');
    const two = await idsOf(t, 'alice', 'douyin', { client_id: 'second-client' });
    expect(two.unionid).toBe(one.unionid);
    expect(two.openid).not.toBe(one.openid);
  });

  it('gives a mini-program of another developer another unionid', async () => {
    const t = await newTestMock();
    const mine = await idsOf(t, 'alice', 'douyin');
    const theirs = await idsOf(t, 'alice', 'douyin', { client_id: 'someone-else' });
    expect(theirs.unionid).not.toBe(mine.unionid);
  });

  it('derives the ids from the store seed', async () => {
    const seed = structuredClone(fixtures);
    seed.platform.seed = '00000000000000000000000000000000';
    const a = await idsOf(await newTestMock(), 'alice', 'douyin');
    const b = await idsOf(await newTestMock({}, seed), 'alice', 'douyin');
    expect(b.openid).not.toBe(a.openid);
  });

  it('follows a store replaced under it: a client given a new secret, derived clients a new seed', async () => {
    const t = await newTestMock();
    const before = { stored: t.platform.appOfClient(DEMO.clientId)!, derived: t.platform.appOfClient('someone-else')! };
    const next = JSON.parse(JSON.stringify(t.store.data)) as Data;
    next.clients[DEMO.clientId]!.secret = 'a-new-secret';
    next.platform.seed = randomBytes(16).toString('hex');
    await t.store.replace(next);
    expect(t.platform.appOfClient(DEMO.clientId)).toMatchObject({ appid: before.stored.appid, secret: 'a-new-secret' });
    expect(t.platform.appOfClient('someone-else')!.appid).not.toBe(before.derived.appid);
  });

  describe('anonymous_openid', () => {
    it('stays the same for one device across logins', async () => {
      const t = await newTestMock();
      const first = await idsOf(t, 'alice', 'douyin');
      const second = await idsOf(t, 'alice', 'douyin');
      expect(second.anonymous_openid).toBe(first.anonymous_openid);
    });

    it('differs between the devices of two people', async () => {
      const t = await newTestMock();
      const alice = await idsOf(t, 'alice', 'douyin');
      const bob = await idsOf(t, 'bob', 'douyin');
      expect(bob.anonymous_openid).not.toBe(alice.anonymous_openid);
    });

    it('differs between two devices of one person', async () => {
      const t = await newTestMock();
      const phone = await idsOf(t, 'alice', 'douyin');
      const tablet = await idsOf(t, 'alice', 'douyin', { client_id: DEMO.clientId, device: 'alice-tablet' });
      expect(tablet.anonymous_openid).not.toBe(phone.anonymous_openid);
    });

    it('is the same for two people sharing one device', async () => {
      const t = await newTestMock();
      const alice = await idsOf(t, 'alice', 'douyin', { client_id: DEMO.clientId, device: 'family-ipad' });
      const bob = await idsOf(t, 'bob', 'douyin', { client_id: DEMO.clientId, device: 'family-ipad' });
      expect(bob.anonymous_openid).toBe(alice.anonymous_openid);
      expect(bob.openid).not.toBe(alice.openid);
    });

    it('differs per host app', async () => {
      const t = await newTestMock();
      const douyin = await idsOf(t, 'alice', 'douyin');
      const toutiao = await idsOf(t, 'alice', 'toutiao');
      expect(toutiao.anonymous_openid).not.toBe(douyin.anonymous_openid);
    });
  });
});

describe('identities across a restart of a file-backed mock', () => {
  const dirs: string[] = [];
  const running: RunningMock[] = [];
  afterEach(async () => {
    await Promise.allSettled(running.splice(0).map((m) => m.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function start(file: string, fixturesFile?: string): Promise<RunningMock> {
    const mock = await startServer(resolveOptions({ db: file, port: 0, log: 'quiet', ...(fixturesFile ? { fixtures: fixturesFile } : {}) }));
    running.push(mock);
    return mock;
  }

  async function loginAndExchange(mock: RunningMock, clientId: string) {
    const post = (path: string, body: unknown) =>
      fetch(mock.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const login = await post('/__mock/bytedance/login', { client_id: clientId, host: 'douyin', person: 'alice' });
    expect(login.status).toBe(200);
    const { code, anonymous_code, appid } = (await login.json()) as { code: string; anonymous_code: string; appid: string };
    const { secret } = mock.platform.appByAppid(appid)!;
    const res = await post('/api/apps/v2/jscode2session', { appid, secret, code, anonymous_code });
    const body = (await res.json()) as { err_no: number; data: { openid: string; unionid: string; anonymous_openid: string } };
    expect(body.err_no).toBe(0);
    const { openid, unionid, anonymous_openid } = body.data;
    return { appid, openid, unionid, anonymous_openid };
  }

  it.each([
    ['the fixture client', DEMO.clientId],
    ['a client outside the store', 'restart-client'],
  ])('reports the same openid, unionid and anonymous_openid after a restart for %s', async (_, clientId) => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-baas-mock-ids-'));
    dirs.push(dir);
    const file = join(dir, 'db.json');
    // The store starts from fixtures with a seed of its own; after the restart the shipped fixtures
    // (another seed) are offered, so equal ids can only come from what the file kept.
    const ownFixtures = join(dir, 'fixtures.json');
    writeFileSync(ownFixtures, JSON.stringify({ ...fixtures, platform: { seed: randomBytes(16).toString('hex') } }));

    const first = await start(file, ownFixtures);
    const before = await loginAndExchange(first, clientId);
    await first.close();

    const second = await start(file);
    const after = await loginAndExchange(second, clientId);
    expect(before.openid).toMatch(/^_000/);
    expect(before.openid).not.toBe((await idsOf(await newTestMock(), 'alice', 'douyin', { client_id: clientId })).openid);
    expect(after).toEqual(before);
  });
});
