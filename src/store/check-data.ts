import { isRecordTable, type RecordTable } from './record-table.js';
import { DATA_VERSION, type Data } from './schema.js';
import { TEXT_DIGEST_MEMBER } from './snapshot-digest.js';
import { USER_DEFAULTS_MARKER, USER_DEFAULTS_VERSION, withDefaults } from './user-defaults.js';

/** A store document that cannot be used, with what to do about it. */
export class StoreError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function need(cond: unknown, where: string, what: string): asserts cond {
  if (!cond) throw new StoreError(`${where} ${what}`);
}

function record(v: unknown, where: string): Obj {
  need(isObj(v), where, 'must be an object');
  return v;
}

function str(o: Obj, key: string, where: string): void {
  need(typeof o[key] === 'string' && o[key] !== '', `${where}.${key}`, 'must be a non-empty string');
}

export const APPID_PATTERN = /^tt[0-9a-f]{16}$/;

export interface CheckOptions {
  /**
   * Refuse two users of one tenant with the same username, email, phone or ByteDance identity. Off for
   * the store's own files: the mock wrote those, and a store that no longer opens costs more than a
   * duplicate does.
   */
  unique?: boolean;
}

/**
 * Checks a whole store document (a fixture, an import or the store file) before any of it is used, so
 * a bad document is refused whole and never half-loaded. fixtures/store.schema.json describes the same
 * shape for editors.
 *
 * Users and passwords the snapshot reader kept as text (RecordTables, record-table.ts) are what the
 * store itself wrote, checked when it did, and proved unchanged by their digest; of those, only
 * records parsed since (changes replayed from the log) are checked here.
 */
export function checkData(value: unknown, { unique = true }: CheckOptions = {}): Data {
  const d = record(value, 'the document');
  need(typeof d.version === 'number', 'version', 'must be a number');
  need((d.version as number) <= DATA_VERSION, 'version', `is ${d.version}, newer than this tt-baas-mock understands (${DATA_VERSION}); upgrade tt-baas-mock`);
  need((d.version as number) >= 1, 'version', 'must be 1 or more');
  const platform = record(d.platform, 'platform');
  str(platform, 'seed', 'platform');
  need(platform.tokenSecret === undefined || (typeof platform.tokenSecret === 'string' && platform.tokenSecret.length >= 16), 'platform.tokenSecret', 'must be a string of 16 characters or more');

  const hostApps = record(d.hostApps, 'hostApps');
  for (const [name, h] of Object.entries(hostApps)) {
    const where = `hostApps.${name}`;
    need(name === name.toLowerCase(), where, 'key must be lower-case (it is the app_name the SDK sends)');
    const host = record(h, where);
    str(host, 'appName', where);
    str(host, 'provider', where);
  }

  const clients = record(d.clients, 'clients');
  const appids = new Set<string>();
  for (const [id, c] of Object.entries(clients)) {
    const where = `clients.${id}`;
    const client = record(c, where);
    str(client, 'appid', where);
    str(client, 'secret', where);
    str(client, 'developer', where);
    need(APPID_PATTERN.test(client.appid as string), `${where}.appid`, 'must be "tt" and 16 hex digits');
    need(!appids.has(client.appid as string), `${where}.appid`, 'is used by another client');
    appids.add(client.appid as string);
  }

  const people = record(d.people, 'people');
  for (const [name, p] of Object.entries(people)) {
    const where = `people.${name}`;
    const person = record(p, where);
    for (const key of ['nickName', 'avatarUrl', 'city', 'province', 'country']) {
      need(typeof person[key] === 'string', `${where}.${key}`, 'must be a string');
    }
    need([0, 1, 2].includes(person.gender as number), `${where}.gender`, 'must be 0, 1 or 2');
    need(Array.isArray(person.loggedInto), `${where}.loggedInto`, 'must be a list of host apps');
    for (const host of person.loggedInto as unknown[]) {
      need(typeof host === 'string' && Object.hasOwn(hostApps, host), `${where}.loggedInto`, `names an unknown host app: ${String(host)}`);
    }
  }

  const tenants = record(d.tenants, 'tenants');
  for (const [key, t] of Object.entries(tenants)) {
    const where = `tenants.${key}`;
    const tenant = record(t, where);
    str(tenant, 'clientId', where);
    need(typeof tenant.envId === 'string', `${where}.envId`, 'must be a string');
    need(Number.isSafeInteger(tenant.nextUserId), `${where}.nextUserId`, 'must be an integer');
    // The digest of a snapshot's tenant, left in a file someone re-indented: it says nothing any more.
    delete tenant[TEXT_DIGEST_MEMBER];
    const users = isRecordTable(tenant.users) ? tenant.users : record(tenant.users, `${where}.users`);
    if (Object.hasOwn(tenant, USER_DEFAULTS_MARKER)) {
      // A large snapshot read whole, or given to import as it is: its users get their default fields back.
      // (The snapshot reader keeps users as text only once it has read and removed the marker.)
      need(tenant[USER_DEFAULTS_MARKER] === USER_DEFAULTS_VERSION, `${where}.${USER_DEFAULTS_MARKER}`, `must be ${USER_DEFAULTS_VERSION}`);
      const plain = users as Obj;
      for (const id of Object.keys(plain)) plain[id] = withDefaults(plain[id]);
      delete tenant[USER_DEFAULTS_MARKER];
    }
    const taken = new Map<string, string>();
    const nextUserId = tenant.nextUserId as number;
    for (const [id, user] of recordsOf(users)) {
      checkUserRecord(user, key, id, nextUserId);
      for (const [field, uniqueKey] of unique ? uniqueKeys(user as Obj) : []) {
        const other = taken.get(uniqueKey);
        need(other === undefined, `${where}.users.${id}.${field}`, `is also the ${field} of user ${other}`);
        taken.set(uniqueKey, id);
      }
    }
    const passwords = isRecordTable(tenant.passwords) ? tenant.passwords : record(tenant.passwords, `${where}.passwords`);
    const isUser = isRecordTable(users) ? (id: string) => users.has(id) : (id: string) => Object.hasOwn(users, id);
    for (const [id, hash] of recordsOf(passwords)) {
      if (typeof hash === 'string' && hash.startsWith('scrypt$') && isUser(id)) continue;
      need(typeof hash === 'string' && hash.startsWith('scrypt$'), `${where}.passwords.${id}`, 'must be a scrypt hash (scrypt$…)');
      need(isUser(id), `${where}.passwords.${id}`, 'belongs to no user');
    }
    for (const [nonce, expiresAt] of Object.entries(record(tenant.revoked, `${where}.revoked`))) {
      need(typeof expiresAt === 'number', `${where}.revoked.${nonce}`, 'must be the expiry of the revoked session (a number)');
    }
    need(tenant.epoch === undefined || typeof tenant.epoch === 'string', `${where}.epoch`, 'must be a string');
    record(tenant.outbox, `${where}.outbox`);
    record(tenant.smsCodes, `${where}.smsCodes`);
  }
  return d as unknown as Data;
}

/** The records to check: all of a plain object, the parsed ones of a table. */
function recordsOf(records: Obj | RecordTable<unknown>): Iterable<[string, unknown]> {
  return isRecordTable(records) ? records.parsed() : Object.entries(records);
}

/**
 * Checks one user record of a tenant. Every start checks every user: the messages are built only once
 * a check has failed.
 */
export function checkUserRecord(user: unknown, tenantKey: string, id: string, nextUserId: number): void {
  if (!isObj(user) || String(user.id) !== id || !(Number.isSafeInteger(user.id) && (user.id as number) < nextUserId) || !isObj(user._provider)) {
    checkUser(user, `tenants.${tenantKey}.users.${id}`, id, nextUserId);
  }
}

/** The checks of one user record, with their messages; throws the first that fails. */
function checkUser(u: unknown, where: string, id: string, nextUserId: number): void {
  const user = record(u, where);
  need(String(user.id) === id, `${where}.id`, 'must equal its key');
  need(Number.isSafeInteger(user.id) && (user.id as number) < nextUserId, `${where}.id`, 'must be an integer below nextUserId');
  need(isObj(user._provider), `${where}._provider`, 'must be an object');
}

/**
 * What identifies a user at login: two users sharing one would make a login pick either. Usernames and
 * emails compare without case, as the look-ups do.
 */
function* uniqueKeys(user: Obj): Iterable<[string, string]> {
  const lower = (v: unknown) => (typeof v === 'string' && v ? v.toLowerCase() : undefined);
  const username = lower(user._username);
  if (username) yield ['_username', `u\0${username}`];
  const email = lower(user._email);
  if (email) yield ['_email', `e\0${email}`];
  if (typeof user._phone === 'string' && user._phone) yield ['_phone', `p\0${user._phone}`];
  for (const [provider, entry] of Object.entries(user._provider as Obj)) {
    const openid = isObj(entry) ? entry.openid : undefined;
    if (typeof openid === 'string' && openid) yield [`_provider.${provider}.openid`, `i\0${provider}\0${openid}`];
  }
}
