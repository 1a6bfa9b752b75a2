import { describe, expect, it } from 'vitest';
import { changedUser, newUserRecord } from '../../src/baas/users.js';
import { openStore } from '../../src/store/open.js';
import { emptyTenant, tenantKey } from '../../src/store/schema.js';
import { fixtures } from '../helpers.js';
import { addUser, DEMO_TENANT } from './temp-store.js';

const memoryStore = () => openStore({ file: null, seed: fixtures });

describe('Store look-ups', () => {
  it('finds the fixture users by username and email, ignoring case', async () => {
    const store = await memoryStore();
    expect(store.userByUsername(DEMO_TENANT, 'IfanrX')?.id).toBe(310000000000001);
    expect(store.userByEmail(DEMO_TENANT, 'IFANRX@ifanr.com')?.id).toBe(310000000000002);
    expect(store.userByUsername(DEMO_TENANT, 'ifanrx@ifanr.com')).toBeUndefined();
  });

  it('finds a new user by username, email, phone and ByteDance identity', async () => {
    const store = await memoryStore();
    const user = addUser(store, {
      _username: 'Dora',
      _email: 'Dora@Example.com',
      _phone: '13800000000',
      _provider: { douyin: { openid: 'open-dora' }, toutiao: { openid: 'open-dora-tt' } },
    });
    expect(store.userByUsername(DEMO_TENANT, 'dora')?.id).toBe(user.id);
    expect(store.userByEmail(DEMO_TENANT, 'dora@example.com')?.id).toBe(user.id);
    expect(store.userByPhone(DEMO_TENANT, '13800000000')?.id).toBe(user.id);
    expect(store.userByIdentity(DEMO_TENANT, 'douyin', 'open-dora')?.id).toBe(user.id);
    expect(store.userByIdentity(DEMO_TENANT, 'toutiao', 'open-dora-tt')?.id).toBe(user.id);
    // An openid belongs to one host app: the same string under another provider is another identity.
    expect(store.userByIdentity(DEMO_TENANT, 'toutiao', 'open-dora')).toBeUndefined();
  });

  it('follows a user whose username, email, phone and identity change', async () => {
    const store = await memoryStore();
    const user = addUser(store, { _username: 'old', _email: 'old@example.com', _phone: '13800000001', _provider: { douyin: { openid: 'o1' } } });
    const changed = changedUser(user, 1_700_000_100, { _username: 'new', _email: 'new@example.com', _phone: '13800000002', _provider: { douyin: { openid: 'o2' } } });
    store.write((w) => w.putUser(DEMO_TENANT, changed));

    expect(store.userByUsername(DEMO_TENANT, 'old')).toBeUndefined();
    expect(store.userByEmail(DEMO_TENANT, 'old@example.com')).toBeUndefined();
    expect(store.userByPhone(DEMO_TENANT, '13800000001')).toBeUndefined();
    expect(store.userByIdentity(DEMO_TENANT, 'douyin', 'o1')).toBeUndefined();
    expect(store.userByUsername(DEMO_TENANT, 'NEW')).toEqual(changed);
    expect(store.userByEmail(DEMO_TENANT, 'new@example.com')).toEqual(changed);
    expect(store.userByPhone(DEMO_TENANT, '13800000002')).toEqual(changed);
    expect(store.userByIdentity(DEMO_TENANT, 'douyin', 'o2')).toEqual(changed);
  });

  it('follows a change to one field of a user record', async () => {
    const store = await memoryStore();
    const user = addUser(store, { _username: 'before' });
    store.write((w) => w.set(['tenants', DEMO_TENANT, 'users', String(user.id), '_username'], 'after'));
    expect(store.userByUsername(DEMO_TENANT, 'before')).toBeUndefined();
    expect(store.userByUsername(DEMO_TENANT, 'after')?.id).toBe(user.id);
  });

  it('forgets a deleted user', async () => {
    const store = await memoryStore();
    const user = addUser(store, { _username: 'gone', _phone: '13800000003', _provider: { douyin: { openid: 'o3' } } });
    store.write((w) => w.delete(['tenants', DEMO_TENANT, 'users', String(user.id)]));
    expect(store.user(DEMO_TENANT, user.id)).toBeUndefined();
    expect(store.userByUsername(DEMO_TENANT, 'gone')).toBeUndefined();
    expect(store.userByPhone(DEMO_TENANT, '13800000003')).toBeUndefined();
    expect(store.userByIdentity(DEMO_TENANT, 'douyin', 'o3')).toBeUndefined();
  });

  it('rebuilds the look-ups of a tenant that is replaced', async () => {
    const store = await memoryStore();
    const tenant = emptyTenant(DEMO_TENANT, '');
    tenant.users['310000000000009'] = newUserRecord(310000000000009, 1, { _username: 'replacement' });
    tenant.nextUserId = 310000000000010;
    store.write((w) => w.set(['tenants', DEMO_TENANT], tenant));
    expect(store.userByUsername(DEMO_TENANT, 'ifanrx')).toBeUndefined();
    expect(store.userByEmail(DEMO_TENANT, 'ifanrx@ifanr.com')).toBeUndefined();
    expect(store.userByUsername(DEMO_TENANT, 'replacement')?.id).toBe(310000000000009);
  });

  it('forgets the look-ups of a deleted tenant', async () => {
    const store = await memoryStore();
    store.write((w) => w.delete(['tenants', DEMO_TENANT]));
    expect(store.userByUsername(DEMO_TENANT, 'ifanrx')).toBeUndefined();
  });

  it('indexes users of a tenant created in the same write', async () => {
    const store = await memoryStore();
    const key = store.write((w) => {
      const k = w.tenant('otherclient', 'staging');
      w.putUser(k, newUserRecord(w.newUserId(k), 1, { _username: 'dora' }));
      return k;
    });
    expect(key).toBe(tenantKey('otherclient', 'staging'));
    expect(store.userByUsername(key, 'dora')?.id).toBe(310000000000001);
    expect(store.userByUsername(DEMO_TENANT, 'dora')).toBeUndefined();
  });

  it('follows a whole-document replace', async () => {
    const store = await memoryStore();
    addUser(store, { _username: 'before-replace' });
    const next = structuredClone(fixtures);
    next.tenants[DEMO_TENANT]!.users['310000000000001']!._username = 'after-replace';
    delete next.clients['7f2c5a9e1b3d4c6e8a0f'];
    next.clients.c2 = { appid: 'tt0123456789abcdef', secret: 's', developer: 'd' };
    await store.replace(next);
    expect(store.userByUsername(DEMO_TENANT, 'before-replace')).toBeUndefined();
    expect(store.userByUsername(DEMO_TENANT, 'ifanrx')).toBeUndefined();
    expect(store.userByUsername(DEMO_TENANT, 'after-replace')?.id).toBe(310000000000001);
    expect(store.clientIdByAppid('ttb6a68a34f8faf518')).toBeUndefined();
    expect(store.clientIdByAppid('tt0123456789abcdef')).toBe('c2');
  });
});

describe('a page of users in id order', () => {
  it('sorts ids as numbers, not as text or by when they were added, and pages through them', async () => {
    const store = await memoryStore();
    const t = 'paged';
    // Ids past 2^32 keep the order they were added in; by text 310000000000002 sorts before 31000000000001.
    const ids = [310000000000002, 31000000000001, 310000000000010, 31000000000003];
    store.write((w) => {
      w.set(['tenants', t], { ...emptyTenant(t, ''), nextUserId: 310000000000011 });
      for (const id of ids) w.putUser(t, newUserRecord(id, 1));
    });
    expect(store.usersById(t, 0, 10)).toEqual({ total: 4, users: [31000000000001, 31000000000003, 310000000000002, 310000000000010].map((id) => store.user(t, id)) });
    expect(store.usersById(t, 1, 2).users.map((u) => u.id)).toEqual([31000000000003, 310000000000002]);
    expect(store.usersById('no-such-tenant', 0, 10)).toEqual({ total: 0, users: [] });
  });
});
