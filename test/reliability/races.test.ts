import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import { readStoreFile } from '../../src/store/open.js';
import type { UserRecord } from '../../src/store/schema.js';
import { Logger } from '../../src/log.js';
import { DEMO } from '../helpers.js';

/** Concurrent requests over a real socket to a mock on a file store: the ones that must not both win. */
const CONCURRENT = 50;

const running: RunningMock[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.allSettled(running.splice(0).map((m) => m.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startOnFile(): Promise<{ mock: RunningMock; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-baas-mock-races-'));
  dirs.push(dir);
  const file = join(dir, 'db.json');
  const mock = await startServer(resolveOptions({ port: 0, db: file, log: 'quiet', scryptCost: 16 }), new Logger('quiet'));
  running.push(mock);
  return { mock, file };
}

const post = (url: string, clientId: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Hydrogen-Client-ID': clientId }, body: JSON.stringify(body) });

async function answers(responses: Promise<Response>[]): Promise<{ status: number; body: any }[]> {
  return Promise.all(responses.map(async (p) => {
    const res = await p;
    return { status: res.status, body: await res.json() };
  }));
}

/** The users of a tenant as the store file holds them once the mock has stopped. */
async function usersOnDisk(mock: RunningMock, file: string, tenant: string): Promise<UserRecord[]> {
  await mock.close();
  return Object.values(readStoreFile(file).tenants[tenant]?.users ?? {});
}

const count = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

describe('POST /hserve/v2.1/register/username/ (concurrent)', () => {
  for (const clientId of [DEMO.clientId, 'race-new-client']) {
    it(`lets exactly one of ${CONCURRENT} sign-ups of one username win (${clientId === DEMO.clientId ? 'fixture client' : 'client with no tenant yet'})`, async () => {
      const { mock, file } = await startOnFile();
      // Spellings differ in case: usernames compare case-insensitively, so they are one name.
      const spellings = ['racer', 'Racer', 'RACER'];
      const results = await answers(
        Array.from({ length: CONCURRENT }, (_, i) => post(`${mock.url}/hserve/v2.1/register/username/`, clientId, { username: spellings[i % 3], password: `pw${i}` })),
      );
      expect(count(results.map((r) => r.status))).toEqual({ 201: 1, 400: CONCURRENT - 1 });
      for (const r of results.filter((r) => r.status === 400)) expect(r.body.error_msg).toMatch(/^username: .* is already registered$/);
      const winner = results.find((r) => r.status === 201)!.body;

      const users = (await usersOnDisk(mock, file, clientId)).filter((u) => u._username?.toLowerCase() === 'racer');
      expect(users.map((u) => u.id)).toEqual([winner.user_id]);
    });
  }
});

describe('POST /hserve/v2.5/idp/bytedance/silent-login/ (concurrent)', () => {
  it(`gives ${CONCURRENT} simultaneous first logins of one person, each with its own code, one and the same new user`, async () => {
    const { mock, file } = await startOnFile();
    const clientId = 'race-silent';
    const codes = await answers(
      Array.from({ length: CONCURRENT }, () => post(`${mock.url}/__mock/bytedance/login`, clientId, { person: 'alice', host: 'douyin', client_id: clientId })),
    );
    expect(new Set(codes.map((c) => c.body.code)).size).toBe(CONCURRENT);

    const results = await answers(codes.map((c) => post(`${mock.url}/hserve/v2.5/idp/bytedance/silent-login/`, clientId, { code: c.body.code, app_name: 'douyin' })));
    expect(count(results.map((r) => r.status))).toEqual({ 201: CONCURRENT });
    const ids = new Set(results.map((r) => r.body.user_info.id));
    expect(ids.size).toBe(1);
    expect(new Set(results.map((r) => r.body.openid)).size).toBe(1);

    const users = await usersOnDisk(mock, file, clientId);
    expect(users.map((u) => u.id)).toEqual([...ids]);
    expect(users[0]!._provider.douyin?.openid).toBe(results[0]!.body.openid);
  });

  it(`creates one user per person when ${CONCURRENT} first logins of three people in two host apps interleave`, async () => {
    const { mock, file } = await startOnFile();
    const clientId = 'race-mixed';
    const subjects = [['alice', 'douyin'], ['alice', 'toutiao'], ['bob', 'douyin'], ['carol', 'toutiao']] as const;
    const picks = Array.from({ length: CONCURRENT }, (_, i) => subjects[i % subjects.length]!);
    const codes = await answers(picks.map(([person, host]) => post(`${mock.url}/__mock/bytedance/login`, clientId, { person, host, client_id: clientId })));
    const results = await answers(codes.map((c, i) => post(`${mock.url}/hserve/v2.5/idp/bytedance/silent-login/`, clientId, { code: c.body.code, app_name: picks[i]![1] })));
    expect(count(results.map((r) => r.status))).toEqual({ 201: CONCURRENT });

    // One user per (person, host app): a person has a different openid in each host app (contract A5).
    const idOf = new Map<string, Set<number>>();
    results.forEach((r, i) => {
      const key = picks[i]!.join('/');
      idOf.set(key, (idOf.get(key) ?? new Set()).add(r.body.user_info.id));
    });
    expect([...idOf.values()].map((s) => s.size)).toEqual(subjects.map(() => 1));
    const users = await usersOnDisk(mock, file, clientId);
    expect(users).toHaveLength(subjects.length);
    expect(new Set(users.map((u) => u.id))).toEqual(new Set([...idOf.values()].map((s) => [...s][0])));
  });
});
