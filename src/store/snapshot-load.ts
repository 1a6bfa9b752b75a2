import { checkUserRecord } from './check-data.js';
import { TenantIndex } from './indexes.js';
import type { Data, UserRecord } from './schema.js';
import type { OnUser } from './snapshot-lines.js';

type Obj = Record<string, unknown>;

interface Seen {
  tenant: Obj;
  users: Obj;
  nextUserId: number;
  index: TenantIndex;
}

/**
 * Checks and indexes each user while a snapshot is read a line at a time, when the record is at hand:
 * a second pass over 100,000 users, each a cache miss, cost more than the checks themselves. What
 * cannot be done then (a tenant whose nextUserId comes after its users, in a file someone edited) is
 * left to the document check and the store, which do it the usual way.
 */
export class UsersAsRead {
  #seen = new Map<string, Seen>();

  readonly onUser: OnUser = (tenantKey, tenant, users, id, user) => {
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

  /**
   * The tenants of the document read whose users were all checked and indexed here: the same tenant,
   * users and nextUserId as when they were seen (a member repeated further down replaces them).
   */
  done(value: unknown): { usersChecked: Set<string>; indexes: Map<string, TenantIndex> } {
    const usersChecked = new Set<string>();
    const indexes = new Map<string, TenantIndex>();
    const tenants = (value as Partial<Data> | null)?.tenants as Obj | undefined;
    for (const [key, seen] of this.#seen) {
      const tenant = tenants && Object.hasOwn(tenants, key) ? (tenants[key] as Obj) : undefined;
      if (tenant !== seen.tenant || tenant.users !== seen.users || tenant.nextUserId !== seen.nextUserId) continue;
      usersChecked.add(key);
      indexes.set(key, seen.index);
    }
    return { usersChecked, indexes };
  }
}
