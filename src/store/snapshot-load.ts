import { checkUserRecord } from './check-data.js';
import { TenantIndex } from './indexes.js';
import type { Data, UserRecord } from './schema.js';
import type { RecordVisitor } from './snapshot-lines.js';

type Obj = Record<string, unknown>;

interface Seen {
  tenant: Obj;
  users: Obj;
  nextUserId: number;
  index: TenantIndex;
}

interface SeenPasswords {
  passwords: Obj;
  /** The tenant's users when its passwords were read; every hash so far names one of them. */
  users: Obj | undefined;
  ok: boolean;
}

/**
 * Checks and indexes each user, and checks each password hash, while a snapshot is read a line at a
 * time, when the record is at hand: a second pass over 100,000 users, each a cache miss, cost more than
 * the checks themselves. What cannot be done then (a tenant whose nextUserId comes after its users, or
 * whose passwords come before its users, in a file someone edited; a check that fails, for its message)
 * is left to the document check and the store, which do it the usual way.
 */
export class RecordsAsRead implements RecordVisitor {
  #seen = new Map<string, Seen>();
  #passwords = new Map<string, SeenPasswords>();

  readonly user: RecordVisitor['user'] = (tenantKey, tenant, users, id, user) => {
    let seen = this.#seen.get(tenantKey);
    if (seen?.users !== users) {
      // A users member repeated further down replaces the first; one before nextUserId is left to later.
      this.#seen.delete(tenantKey);
      if (!Number.isSafeInteger(tenant.nextUserId)) return;
      seen = { tenant, users, nextUserId: tenant.nextUserId as number, index: new TenantIndex() };
      this.#seen.set(tenantKey, seen);
    }
    checkUserRecord(user, tenantKey, id, seen.nextUserId);
    seen.index.add(user as UserRecord);
  };

  readonly password: RecordVisitor['password'] = (tenantKey, tenant, passwords, id, hash) => {
    let seen = this.#passwords.get(tenantKey);
    if (seen?.passwords !== passwords) {
      // The users member, if any, is complete by now: its lines end before the passwords begin.
      const users = Object.hasOwn(tenant, 'users') && typeof tenant.users === 'object' && tenant.users !== null ? (tenant.users as Obj) : undefined;
      seen = { passwords, users, ok: users !== undefined };
      this.#passwords.set(tenantKey, seen);
    }
    if (seen.ok && !(typeof hash === 'string' && hash.startsWith('scrypt$') && Object.hasOwn(seen.users!, id))) seen.ok = false;
  };

  /**
   * The tenants of the document read whose users were all checked and indexed here: the same tenant,
   * users and nextUserId as when they were seen (a member repeated further down replaces them); and of
   * those, the ones whose passwords all passed their check against those same users.
   */
  done(value: unknown): { usersChecked: Set<string>; passwordsChecked: Set<string>; indexes: Map<string, TenantIndex> } {
    const usersChecked = new Set<string>();
    const passwordsChecked = new Set<string>();
    const indexes = new Map<string, TenantIndex>();
    const tenants = (value as Partial<Data> | null)?.tenants as Obj | undefined;
    for (const [key, seen] of this.#seen) {
      const tenant = tenants && Object.hasOwn(tenants, key) ? (tenants[key] as Obj) : undefined;
      if (tenant !== seen.tenant || tenant.users !== seen.users || tenant.nextUserId !== seen.nextUserId) continue;
      usersChecked.add(key);
      indexes.set(key, seen.index);
      const passwords = this.#passwords.get(key);
      if (passwords?.ok && tenant.passwords === passwords.passwords && passwords.users === seen.users) passwordsChecked.add(key);
    }
    return { usersChecked, passwordsChecked, indexes };
  }
}
