import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newUserRecord } from '../../src/baas/users.js';
import { StoreError } from '../../src/store/check-data.js';
import { readDataFile, readStoreFile } from '../../src/store/open.js';
import type { Data } from '../../src/store/schema.js';
import { SnapshotFile } from '../../src/store/snapshot-file.js';
import { NOT_THIS_LAYOUT, readLineLayout } from '../../src/store/snapshot-lines.js';
import { INCREMENTAL_FROM_RECORDS } from '../../src/store/snapshot-writer.js';
import { USER_DEFAULTS_MARKER, withDefaults, withoutDefaults } from '../../src/store/user-defaults.js';
import { fixtures } from '../helpers.js';
import { addUser, DEMO_TENANT, readJson, useTempStores } from './temp-store.js';

const stores = useTempStores();
const OTHER = 'other-client';

/**
 * The fixtures plus enough users to be written a line at a time: most at their defaults, others with
 * text outside ASCII, custom fields, identities and fields away from their default.
 */
function largeDocument(): Data {
  const doc = structuredClone(fixtures);
  doc.platform.tokenSecret = 'a-token-secret-for-tests';
  const tenant = doc.tenants[DEMO_TENANT]!;
  let id = tenant.nextUserId;
  for (let i = 0; i < INCREMENTAL_FROM_RECORDS + 100; i++, id++) {
    const fields =
      i % 5 === 0
        ? { nickname: `用户${i} 😀`, gender: 2, is_authorized: true, avatar: '', _email: `U${i}@Example.com`, created_by: 7, updated_at: 1_700_000_100, hobby: 'go' }
        : i % 5 === 1
          ? { _phone: `138${String(i).padStart(8, '0')}`, city: null, _provider: { douyin: { openid: `open-${i}`, unionid: `union-${i}` } } }
          : { _username: `u${i}` };
    tenant.users[String(id)] = newUserRecord(id, 1_700_000_000, fields);
    if (i % 2 === 0) tenant.passwords[String(id)] = `scrypt$16$8$1$salt${i}$hash`;
  }
  tenant.nextUserId = id;
  return doc;
}

const userLines = (text: string) => text.split('\n').filter((l) => /^"\d+":\{"id":/.test(l));

describe('a large snapshot, a record per line', () => {
  it('reads back as the same document, key order and all', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    await new SnapshotFile(file).write(doc);
    expect(readLineLayout(file)).not.toBe(NOT_THIS_LAYOUT);
    expect(JSON.stringify(new SnapshotFile(file).readSync())).toBe(JSON.stringify(doc));
  });

  it('leaves the fields at their default out of user records on disk, and restores them', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    await new SnapshotFile(file).write(doc);
    const raw = readJson(file);
    expect((raw.tenants[DEMO_TENANT] as unknown as Record<string, unknown>)[USER_DEFAULTS_MARKER]).toBe(1);
    const plain = Object.values(raw.tenants[DEMO_TENANT]!.users).find((u) => u._username === 'u2');
    expect(plain).toEqual({ id: plain!.id, created_at: 1_700_000_000, _username: 'u2', _provider: {} });
    // Away from the default is kept, even when it is another "empty" value.
    const unusual = Object.values(raw.tenants[DEMO_TENANT]!.users).find((u) => u.hobby === 'go')!;
    expect(unusual).toMatchObject({ avatar: '', gender: 2, is_authorized: true, created_by: 7, updated_at: 1_700_000_100 });
    expect(userLines(readFileSync(file, 'utf8')).length).toBe(INCREMENTAL_FROM_RECORDS + 100 + Object.keys(fixtures.tenants[DEMO_TENANT]!.users).length);
  });

  it('writes the users of a tenant whole when one of them has another layout', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    const users = doc.tenants[DEMO_TENANT]!.users;
    const [firstId] = Object.keys(users);
    const { nickname, ...rest } = users[firstId!]!;
    users[firstId!] = { ...rest, nickname } as never; // nickname moved to the end
    const imported = { id: doc.tenants[DEMO_TENANT]!.nextUserId, _provider: {} } as never;
    users[String(doc.tenants[DEMO_TENANT]!.nextUserId++)] = imported; // a bare imported record stays bare
    await new SnapshotFile(file).write(doc);
    expect(USER_DEFAULTS_MARKER in readJson(file).tenants[DEMO_TENANT]!).toBe(false);
    expect(JSON.stringify(new SnapshotFile(file).readSync())).toBe(JSON.stringify(doc));
  });

  it('keeps text outside ASCII and escapes in keys and values', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    doc.tenants[OTHER] = { ...structuredClone(doc.tenants[DEMO_TENANT]!), clientId: OTHER };
    doc.people['名字 "quoted" \\ back'] = { ...doc.people.alice!, nickName: 'Ünïcödé\n"line"' };
    await new SnapshotFile(file).write(doc);
    expect(readFileSync(file, 'utf8')).toMatch(/^[\x00-\x7f]*$/);
    expect(JSON.stringify(new SnapshotFile(file).readSync())).toBe(JSON.stringify(doc));
  });

  it('gives the document the whole-text reader gives, read as a fixture or import file too', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const whole = JSON.parse(readFileSync(file, 'utf8'));
    expect(readLineLayout(file)).toEqual({ ...whole, tenants: expect.anything() });
    expect(readDataFile(file, 'snapshot')).toEqual(new SnapshotFile(file).readSync());
  });
});

describe('reading a file in another layout', () => {
  it('reads an indented store, as people write it', async () => {
    const { file } = stores.newDir();
    writeFileSync(file, JSON.stringify({ ...fixtures, platform: { ...fixtures.platform, tokenSecret: 'x'.repeat(16) } }, null, 2));
    expect(readLineLayout(file)).toBe(NOT_THIS_LAYOUT);
    expect(new SnapshotFile(file).readSync()!.people).toEqual(fixtures.people);
  });

  it('reads a large store written on one line, as before', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    writeFileSync(file, JSON.stringify(doc));
    expect(readLineLayout(file)).toBe(NOT_THIS_LAYOUT);
    expect(JSON.stringify(new SnapshotFile(file).readSync())).toBe(JSON.stringify(doc));
  });

  it('restores the defaults of a snapshot someone re-indented', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    await new SnapshotFile(file).write(doc);
    writeFileSync(file, JSON.stringify(readJson(file), null, 2));
    expect(JSON.stringify(new SnapshotFile(file).readSync())).toBe(JSON.stringify(doc));
    expect(JSON.stringify(readDataFile(file, 'snapshot'))).toBe(JSON.stringify(doc));
  });

  it('reads a hand-written file in this layout with the marker after the users', async () => {
    const { file } = stores.newDir();
    const user = withoutDefaults(newUserRecord(310000000000001, 1_700_000_000, { _username: 'late' }));
    const lines = [
      '{',
      `"version":1,`,
      `"platform":{"seed":"s","tokenSecret":"${'x'.repeat(16)}"},`,
      `"hostApps":{},`,
      `"clients":{},`,
      `"people":{},`,
      `"tenants":{`,
      `"t":{`,
      `"clientId":"t",`,
      `"envId":"",`,
      `"users":{`,
      `"310000000000001":${JSON.stringify(user)}`,
      `},`,
      `"nextUserId":310000000000002,`,
      `"${USER_DEFAULTS_MARKER}":1,`,
      `"passwords":{},`,
      `"revoked":{},`,
      `"outbox":{},`,
      `"smsCodes":{}`,
      `}`,
      `}`,
      `}`,
    ];
    writeFileSync(file, lines.join('\n'));
    expect(readLineLayout(file)).not.toBe(NOT_THIS_LAYOUT);
    const store = await stores.open(file);
    expect(store.user('t', '310000000000001')).toEqual(newUserRecord(310000000000001, 1_700_000_000, { _username: 'late' }));
    expect(store.userByUsername('t', 'LATE')?.id).toBe(310000000000001);
  });
});

describe('a damaged large snapshot', () => {
  it('refuses a broken record line with a StoreError naming the file', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const text = readFileSync(file, 'utf8').split('\n');
    const at = text.findIndex((l) => l.includes('"_username":"u7"'));
    text[at] = text[at]!.slice(0, 40);
    writeFileSync(file, text.join('\n'));
    expect(() => new SnapshotFile(file).readSync()).toThrow(StoreError);
    expect(() => new SnapshotFile(file).readSync()).toThrow(`the store file ${file} is not valid JSON`);
    await expect(stores.open(file)).rejects.toThrow(StoreError);
  });

  it('refuses a record whose id is not its key, naming where', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const text = readFileSync(file, 'utf8').replace('"_username":"u7"', '"_username":"u7","id":1');
    writeFileSync(file, text);
    expect(() => new SnapshotFile(file).readSync()).toThrow(new RegExp(`^the store file .* is not a tt-baas-mock store: tenants\\.${DEMO_TENANT}\\.users\\.\\d+\\.id must equal its key`));
  });

  it('refuses a password hash that belongs to no user, or is not a hash, naming where', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const text = readFileSync(file, 'utf8');
    const stray = text.replace(/^"passwords":\{$/m, (line) => `${line}\n"319999999999999":"scrypt$16$1$1$salt$hash",`);
    expect(stray).not.toBe(text);
    writeFileSync(file, stray);
    expect(() => new SnapshotFile(file).load()).toThrow(/tenants\.\S+\.passwords\.319999999999999 belongs to no user/);
    writeFileSync(file, text.replace(/:"scrypt\$16\$8\$1\$salt0\$hash"/, ':42'));
    expect(() => new SnapshotFile(file).load()).toThrow(/passwords\.\d+ must be a scrypt hash/);
  });

  it('checks the passwords of a hand-written file that lists them before the users', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const lines = readFileSync(file, 'utf8').split('\n');
    const from = lines.indexOf('"passwords":{');
    const to = lines.indexOf('},', from);
    expect(from).toBeGreaterThan(0);
    // The block ends with "},", as the users block follows it.
    const block = lines.splice(from, to - from + 1);
    const usersAt = lines.findIndex((l) => l === '"users":{');
    lines.splice(usersAt, 0, ...block);
    expect(lines.indexOf('"passwords":{')).toBeLessThan(lines.indexOf('"users":{'));
    writeFileSync(file, lines.join('\n'));
    const loaded = new SnapshotFile(file).readSync()!;
    expect(Object.keys(loaded.tenants[DEMO_TENANT]!.passwords)).toHaveLength(Object.keys(largeDocument().tenants[DEMO_TENANT]!.passwords).length);
    writeFileSync(file, lines.join('\n').replace(/^"passwords":\{$/m, (line) => `${line}\n"319999999999999":"scrypt$16$1$1$salt$hash",`));
    expect(() => new SnapshotFile(file).load()).toThrow(/passwords\.319999999999999 belongs to no user/);
  });

  it('refuses a file cut short', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length / 2));
    expect(() => new SnapshotFile(file).readSync()).toThrow(`the store file ${file} is not valid JSON`);
  });
});

describe('a store opened on a large snapshot', () => {
  it('finds users through the indexes built while reading', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const store = await stores.open(file);
    expect(store.userByUsername(DEMO_TENANT, 'U2')?._username).toBe('u2');
    expect(store.userByEmail(DEMO_TENANT, 'u5@example.com')?.nickname).toBe('用户5 😀');
    expect(store.userByPhone(DEMO_TENANT, '13800000006')?._phone).toBe('13800000006');
    expect(store.userByIdentity(DEMO_TENANT, 'douyin', 'open-6')?._provider.douyin).toEqual({ openid: 'open-6', unionid: 'union-6' });
    expect(store.userByUsername(DEMO_TENANT, 'ifanrx')?.id).toBe(310000000000001);
  });

  it('replays the change log over it after a crash, and writes the result a line at a time', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const store = await stores.open(file);
    const added = addUser(store, { _username: 'after-snapshot', nickname: 'né' });
    const renamed = { ...store.userByUsername(DEMO_TENANT, 'u2')!, _username: 'u2-renamed' };
    store.write((w) => w.putUser(DEMO_TENANT, renamed));
    await store.flushed();
    // What a restart after a crash sees: the snapshot and the log beside it.
    const after = readStoreFile(file);
    expect(after.tenants[DEMO_TENANT]!.users[added.id]).toEqual(added);
    expect(after.tenants[DEMO_TENANT]!.users[renamed.id]).toEqual(renamed);
    await store.close();

    const reopened = await stores.open(file);
    expect(readLineLayout(file)).not.toBe(NOT_THIS_LAYOUT);
    expect(reopened.userByUsername(DEMO_TENANT, 'after-snapshot')).toEqual(added);
    expect(reopened.userByUsername(DEMO_TENANT, 'u2')).toBeUndefined();
    expect(reopened.userByUsername(DEMO_TENANT, 'u2-renamed')).toEqual(renamed);
  });
});

describe('records kept as text', () => {
  it('keeps the users and passwords of a tenant the store wrote as text, read or not, until they change', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    expect(readFileSync(file, 'utf8')).toMatch(/^"\$digest":"sha256:[0-9a-f]{64}"$/m);
    const store = await stores.open(file);
    const tenant = store.tenant(DEMO_TENANT)!;
    expect(tenant.users.size).toBe(INCREMENTAL_FROM_RECORDS + 100 + Object.keys(fixtures.tenants[DEMO_TENANT]!.users).length);
    expect(tenant.users.parsed()).toEqual([]);
    expect(tenant.passwords.parsed()).toEqual([]);
    const u2 = store.userByUsername(DEMO_TENANT, 'u2')!;
    expect(u2._username).toBe('u2');
    expect(store.password(DEMO_TENANT, u2.id)).toBe('scrypt$16$8$1$salt2$hash');
    expect(tenant.users.parsed()).toEqual([]);
    expect(tenant.passwords.parsed()).toEqual([]);
    const changed = { ...u2, nickname: 'changed' };
    store.write((w) => w.putUser(DEMO_TENANT, changed));
    expect(tenant.users.parsed()).toEqual([[String(u2.id), changed]]);
    expect(store.userByUsername(DEMO_TENANT, 'u2')).toBe(tenant.users.get(String(u2.id)));
  });

  it('reads and checks every record of a tenant edited by hand, and keeps the edit', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    writeFileSync(file, readFileSync(file, 'utf8').replace('"_username":"u7"', '"_username":"u7","nickname":"edited"'));
    const store = await stores.open(file);
    const tenant = store.tenant(DEMO_TENANT)!;
    expect(tenant.users.parsed()).toHaveLength(tenant.users.size);
    expect(store.userByUsername(DEMO_TENANT, 'u7')!.nickname).toBe('edited');
  });

  it('gives a large file without digests (written before them) digests at the first start', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    writeFileSync(file, readFileSync(file, 'utf8').replace(/,\n"\$digest":"[^"]+"/g, ''));
    expect(readFileSync(file, 'utf8')).not.toContain('$digest');
    const first = await stores.open(file);
    expect(first.tenant(DEMO_TENANT)!.users.parsed()).toHaveLength(first.tenant(DEMO_TENANT)!.users.size);
    await first.close();
    expect(readFileSync(file, 'utf8')).toMatch(/^"\$digest":"sha256:[0-9a-f]{64}"$/m);
    const second = await stores.open(file);
    expect(second.tenant(DEMO_TENANT)!.users.parsed()).toEqual([]);
    expect(JSON.stringify(second.data)).toBe(JSON.stringify({ ...largeDocument(), platform: second.data.platform }));
  });

  it('does not trust a tenant with a member after its digest', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const text = readFileSync(file, 'utf8').replace(/^("\$digest":"[^"]+")$/m, '$1,\n"nextUserId":1');
    writeFileSync(file, text);
    expect(() => new SnapshotFile(file).load()).toThrow(/users\.\d+\.id must be an integer below nextUserId/);
  });

  it('writes a tenant whole, records never parsed included, once a user lacks the built-in layout', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    await new SnapshotFile(file).write(doc);
    const store = await stores.open(file);
    const u4 = store.userByUsername(DEMO_TENANT, 'u4')!;
    const { nickname, ...rest } = u4;
    store.write((w) => w.putUser(DEMO_TENANT, { ...rest, nickname } as never)); // nickname moved to the end
    await store.close();
    const written = readJson(file);
    expect(USER_DEFAULTS_MARKER in written.tenants[DEMO_TENANT]!).toBe(false);
    // A user written from its text has all its fields, not the text without defaults.
    const u2 = Object.values(written.tenants[DEMO_TENANT]!.users).find((u) => u._username === 'u2')!;
    expect(JSON.stringify(u2)).toBe(JSON.stringify(Object.values(doc.tenants[DEMO_TENANT]!.users).find((u) => u._username === 'u2')));
    const reopened = await stores.open(file);
    expect(reopened.userByUsername(DEMO_TENANT, 'u2')).toEqual(Object.values(doc.tenants[DEMO_TENANT]!.users).find((u) => u._username === 'u2'));
  });

  it('writes records it never parsed back byte for byte, with the changes made since', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(largeDocument());
    const before = readFileSync(file, 'utf8');
    const store = await stores.open(file);
    const added = addUser(store, { _username: 'added', nickname: 'né' });
    const renamed = { ...store.userByUsername(DEMO_TENANT, 'u3')!, _username: 'u3-renamed' };
    store.write((w) => w.putUser(DEMO_TENANT, renamed));
    await store.close();
    const after = readFileSync(file, 'utf8');
    // Without the comma: the last line of the users has none, and new users follow it.
    const lines = (text: string) => new Set(userLines(text).map((l) => l.replace(/,$/, '')));
    const [was, is] = [lines(before), lines(after)];
    expect([...was].filter((l) => !is.has(l))).toEqual([expect.stringContaining('"_username":"u3"')]);
    expect([...is].filter((l) => !was.has(l))).toEqual([expect.stringContaining('"_username":"u3-renamed"'), expect.stringContaining('"_username":"added"')]);
    const reopened = await stores.open(file);
    expect(reopened.tenant(DEMO_TENANT)!.users.parsed()).toEqual([]);
    expect(reopened.userByUsername(DEMO_TENANT, 'added')).toEqual(added);
    expect(reopened.userByUsername(DEMO_TENANT, 'u3-renamed')).toEqual(renamed);
  });
});

describe('user records without their defaults', () => {
  it('leave out exactly what newUserRecord fills in', () => {
    const user = newUserRecord(310000000000009, 1_700_000_000);
    expect(withoutDefaults(user)).toEqual({ id: 310000000000009, created_at: 1_700_000_000, _provider: {} });
    expect(JSON.stringify(withDefaults(withoutDefaults(user)))).toBe(JSON.stringify(user));
  });

  it('keep a custom field named __proto__ as an own field', () => {
    const user = JSON.parse(JSON.stringify(newUserRecord(1, 1)).replace(/}$/, ',"__proto__":{"x":1}}'));
    const back = withDefaults(JSON.parse(JSON.stringify(withoutDefaults(user)))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(JSON.stringify(back)).toBe(JSON.stringify(user));
  });
});
