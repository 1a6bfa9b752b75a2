import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deriveOpenid, deriveUnionid } from '../../dist/ids.js';
import { hashPassword } from '../../dist/baas/passwords.js';
import { newUserRecord } from '../../dist/baas/users.js';
import { SnapshotFile } from '../../dist/store/snapshot-file.js';

/**
 * Store documents with many users, written the way the mock writes its own snapshot, so a mock started
 * on one reads it as a store it made itself (with a token secret, so nothing is rewritten at start).
 *
 * Seeded user i has the username `user<i>` (password PASSWORD) and the ByteDance identity of fake
 * person `p<i>` in Douyin, so `tt.login` as `p<i>` followed by silent login finds it. People `f<i>` have
 * no user yet: their silent login creates one.
 */

export const HOST = 'douyin';
export const APP_NAME = 'douyin';
export const PASSWORD = 'bench-password';

/** @typedef {import('../../dist/store/schema.js').Data} Data */

/**
 * @param {string} root the package directory
 * @returns {Promise<{ fixtures: Data, clientId: string, appid: string, developer: string, hash: string }>}
 */
export async function loadBase(root) {
  /** @type {Data} */
  const fixtures = JSON.parse(readFileSync(`${root}/fixtures/default.json`, 'utf8'));
  const [clientId, client] = /** @type {[string, import('../../dist/store/schema.js').Client]} */ (Object.entries(fixtures.clients)[0]);
  // One hash for every seeded user: the cost of a login is the same, seeding stays fast.
  const hash = await hashPassword(PASSWORD);
  return { fixtures, clientId, appid: client.appid, developer: client.developer, hash };
}

/**
 * The fixtures plus `users` seeded users (their people are not added: see withPeople).
 * @param {Awaited<ReturnType<typeof loadBase>>} base
 * @param {number} users
 * @returns {Data}
 */
export function storeDocument(base, users) {
  const doc = structuredClone(base.fixtures);
  delete doc.$schema;
  const seed = doc.platform.seed;
  doc.platform.tokenSecret = randomBytes(32).toString('base64url');
  const tenant = /** @type {import('../../dist/store/schema.js').Tenant} */ (doc.tenants[base.clientId]);
  const now = 1735689600;
  let id = tenant.nextUserId;
  for (let i = 0; i < users; i++, id++) {
    const person = `p${i}`;
    const identity = { openid: deriveOpenid(seed, base.appid, HOST, person), unionid: deriveUnionid(seed, base.developer, HOST, person) };
    tenant.users[String(id)] = newUserRecord(id, now, { _username: `user${i}`, _provider: { [HOST]: identity } });
    tenant.passwords[String(id)] = base.hash;
  }
  tenant.nextUserId = id;
  return doc;
}

/**
 * Adds the fake people of the seeded users (to log in as them) and `fresh` people without a user.
 * @param {Data} doc @param {number} users @param {number} fresh
 */
export function withPeople(doc, users, fresh) {
  for (let i = 0; i < users; i++) doc.people[`p${i}`] = personRecord(i);
  for (let i = 0; i < fresh; i++) doc.people[`f${i}`] = personRecord(i);
  return doc;
}

/** @param {number} i @returns {import('../../dist/store/schema.js').Person} */
const personRecord = (i) => ({ nickName: `Bench ${i}`, avatarUrl: '', gender: 0, city: '', province: '', country: '', loggedInto: [HOST] });

/** Writes a document as the mock's own snapshot. @param {string} path @param {Data} doc */
export async function writeStore(path, doc) {
  await new SnapshotFile(path).write(doc);
}
