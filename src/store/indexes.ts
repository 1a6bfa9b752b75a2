import type { Tenant, UserRecord } from './schema.js';

/**
 * In-memory look-ups over one tenant's users, so no request scans the user list. Built when the store
 * opens and kept current by every change the store applies.
 */
export class TenantIndex {
  readonly byUsername = new Map<string, number>();
  readonly byEmail = new Map<string, number>();
  readonly byPhone = new Map<string, number>();
  /** `<provider>\0<openid>` → user id, for ByteDance identities under `_provider`. */
  readonly byIdentity = new Map<string, number>();

  static build(tenant: Tenant): TenantIndex {
    const index = new TenantIndex();
    for (const user of Object.values(tenant.users)) index.add(user);
    return index;
  }

  add(user: UserRecord): void {
    for (const [map, key] of this.#keys(user)) map.set(key, user.id);
  }

  remove(user: UserRecord): void {
    for (const [map, key] of this.#keys(user)) if (map.get(key) === user.id) map.delete(key);
  }

  *#keys(user: UserRecord): Iterable<[Map<string, number>, string]> {
    if (typeof user._username === 'string' && user._username) yield [this.byUsername, user._username.toLowerCase()];
    if (typeof user._email === 'string' && user._email) yield [this.byEmail, user._email.toLowerCase()];
    if (typeof user._phone === 'string' && user._phone) yield [this.byPhone, user._phone];
    for (const [provider, entry] of Object.entries(user._provider ?? {})) {
      const openid = (entry as { openid?: unknown } | null)?.openid;
      if (typeof openid === 'string' && openid) yield [this.byIdentity, identityKey(provider, openid)];
    }
  }
}

export const identityKey = (provider: string, openid: string): string => `${provider}\u0000${openid}`;
