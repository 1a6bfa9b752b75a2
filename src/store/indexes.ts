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
    this.#eachKey(user, (map, key) => map.set(key, user.id));
  }

  remove(user: UserRecord): void {
    this.#eachKey(user, (map, key) => {
      if (map.get(key) === user.id) map.delete(key);
    });
  }

  // A callback rather than a generator: every start indexes every user, and this is the faster way.
  #eachKey(user: UserRecord, fn: (map: Map<string, number>, key: string) => void): void {
    if (typeof user._username === 'string' && user._username) fn(this.byUsername, user._username.toLowerCase());
    if (typeof user._email === 'string' && user._email) fn(this.byEmail, user._email.toLowerCase());
    if (typeof user._phone === 'string' && user._phone) fn(this.byPhone, user._phone);
    const providers = user._provider ?? {};
    for (const provider of Object.keys(providers)) {
      const openid = (providers[provider] as { openid?: unknown } | null)?.openid;
      if (typeof openid === 'string' && openid) fn(this.byIdentity, identityKey(provider, openid));
    }
  }
}

export const identityKey = (provider: string, openid: string): string => `${provider}\u0000${openid}`;
