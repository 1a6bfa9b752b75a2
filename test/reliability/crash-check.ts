import { expect } from 'vitest';
import type { UserRecord } from '../../src/store/schema.js';
import { DEMO } from '../helpers.js';
import type { Ledger } from './crash-load.js';

/** Every user of one client, read page by page through the control API. */
async function allUsers(url: string, clientId: string): Promise<UserRecord[]> {
  const users: UserRecord[] = [];
  for (let offset = 0; ; offset += 1000) {
    const res = await fetch(`${url}/__mock/users?client_id=${clientId}&limit=1000&offset=${offset}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { total: number; users: UserRecord[] };
    users.push(...page.users);
    if (users.length >= page.total || page.users.length === 0) return users;
  }
}

function duplicates(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (seen.has(v)) twice.add(v);
    seen.add(v);
  }
  return [...twice];
}

/**
 * Checks a restarted mock against what the killed one acknowledged: every registration exactly once
 * under its id, every ByteDance account under its id and openid, no name or openid twice, logged-out
 * tokens refused and the other tokens of the trial still valid. Returns how many records it checked.
 */
export async function expectAcknowledgedState(url: string, ledger: Ledger): Promise<number> {
  const demoUsers = await allUsers(url, DEMO.clientId);
  expect(duplicates(demoUsers.map((u) => u._username)), 'usernames held by two users').toEqual([]);
  const idOfName = new Map(demoUsers.map((u) => [u._username, u.id]));
  const lost = [...ledger.registrations.values()].filter((r) => idOfName.get(r.username) !== r.userId);
  expect(lost.map((r) => `${r.username} (${r.userId}) → ${idOfName.get(r.username)}`), 'acknowledged registrations missing').toEqual([]);

  let checked = ledger.registrations.size;
  for (const clientId of ledger.ttClients) {
    const users = await allUsers(url, clientId);
    const openids = users.flatMap((u) => Object.entries(u._provider).map(([provider, entry]) => `${provider}:${String(entry.openid)}`));
    expect(duplicates(openids), `openids held by two users of ${clientId}`).toEqual([]);
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const a of ledger.ttAccounts.filter((t) => t.clientId === clientId)) {
      expect(byId.get(a.userId)?._provider[a.provider]?.openid, `user ${a.userId} of ${clientId}`).toBe(a.openid);
      checked++;
    }
  }

  for (const s of ledger.loggedOut) {
    expect(await currentUserStatus(url, s.clientId, s.token), `logged-out token of user ${s.userId}`).toBe(401);
  }
  for (const s of ledger.liveSessions) {
    expect(await currentUserStatus(url, s.clientId, s.token), `token of user ${s.userId}`).toBe(200);
  }
  return checked + ledger.loggedOut.length + ledger.liveSessions.length;
}

async function currentUserStatus(url: string, clientId: string, token: string): Promise<number> {
  const res = await fetch(`${url}/hserve/v2.5/user/info/`, { headers: { 'X-Hydrogen-Client-ID': clientId, Authorization: `Hydrogen-r1 ${token}` } });
  await res.arrayBuffer();
  return res.status;
}
