import { afterEach, describe, expect, it } from 'vitest';
import { applyOp } from '../../src/store/store.js';
import { DEMO, expectStatus, hserve, newTestMock } from '../helpers.js';

/** Names that are members of every object: as keys of the store they must stay plain data. */
const MEMBER_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'];

afterEach(() => {
  // A leak would reach every object of the test process, not only the mock's.
  expect(Object.getOwnPropertyNames(Object.prototype).filter((n) => ['users', 'nextUserId', 'clientId'].includes(n))).toEqual([]);
});

describe('X-Hydrogen-Client-ID', () => {
  it('refuses __proto__ as a client ID with 401, and Object.prototype is untouched', async () => {
    const t = await newTestMock();
    for (const path of ['/hserve/v2.0/login/anonymous/', '/hserve/v2.1/register/username/']) {
      const body = await expectStatus(await hserve(t, 'POST', path, { username: 'proto', password: 'pw' }, { clientId: '__proto__' }), 401);
      expect(body.error_msg).toBe('X-Hydrogen-Client-ID: is not a valid client ID');
    }
    expect(({} as Record<string, unknown>).users).toBeUndefined();
    expect(Object.keys(t.store.data.tenants)).toEqual([DEMO.clientId]);
  });

  it.each(MEMBER_NAMES)('gives the client ID %s a tenant of its own', async (clientId) => {
    const t = await newTestMock();
    const user = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'member', password: 'pw' }, { clientId }), 201);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/login/anonymous/', {}, { clientId }), 201);
    expect(Object.keys(t.store.data.tenants)).toEqual([DEMO.clientId, clientId]);
    expect(t.store.data.tenants[clientId]!.users.size).toBe(2);
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/login/username/', { username: 'member', password: 'pw' }, { clientId }), 201);
    await expectStatus(await hserve(t, 'GET', `/hserve/v2.5/user/info/${user.user_id}/`, undefined, { clientId, token: user.token }), 200);
  });
});

describe('PUT /hserve/v2.5/user/info/ (custom fields named like Object.prototype members)', () => {
  it('stores them as plain custom fields, atomic operators included', async () => {
    const t = await newTestMock();
    const { token } = await expectStatus(await hserve(t, 'POST', '/hserve/v2.0/login/anonymous/', {}), 201);
    const body = { hasOwnProperty: 1, toString: { $incr_by: 2 }, constructor: { $append: ['x'] }, valueOf: { $update: { a: 1 } } };
    const user = await expectStatus(await hserve(t, 'PUT', '/hserve/v2.5/user/info/', body, { token }), 200);
    expect(user).toMatchObject({ hasOwnProperty: 1, toString: 2, constructor: ['x'], valueOf: { a: 1 } });
    const again = await expectStatus(await hserve(t, 'PUT', '/hserve/v2.5/user/info/', { toString: { $incr_by: 3 } }, { token }), 200);
    expect(again.toString).toBe(5);
  });
});

describe('applyOp', () => {
  it('refuses a path through __proto__', () => {
    const doc = { tenants: {} };
    expect(() => applyOp(doc, { o: 's', p: ['tenants', '__proto__', 'users'], v: {} })).toThrow(/__proto__/);
    expect(() => applyOp(doc, { o: 's', p: ['__proto__'], v: { polluted: true } })).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('creates an own key where a parent is named like an inherited member', () => {
    const doc: Record<string, any> = { tenants: {} };
    applyOp(doc, { o: 's', p: ['tenants', 'constructor', 'nextUserId'], v: 7 });
    expect(Object.hasOwn(doc.tenants, 'constructor')).toBe(true);
    expect(doc.tenants.constructor).toEqual({ nextUserId: 7 });
    expect(({}).constructor).toBe(Object);
  });
});
