import type { Tenant, UserRecord } from './schema.js';

/**
 * In-memory look-ups over one tenant's users, so no request scans the user list. Built when the store
 * opens (for a large snapshot, while it is read: snapshot-load.ts) and kept current by every change the
 * store applies. They lead to the record itself: finding it again by its id would turn the id into a
 * string and look that up among 100,000 keys on every login.
 */
export class TenantIndex {
  readonly byUsername = new Map<string, UserRecord>();
  readonly byEmail = new Map<string, UserRecord>();
  readonly byPhone = new Map<string, UserRecord>();
  /**
   * Provider → openid → user, for ByteDance identities under `_provider`. One map per provider keys
   * on the record's own openid string; a joined `<provider>:<openid>` key would be one more string per
   * user to build at every start and keep.
   */
  readonly byIdentity = new Map<string, Map<string, UserRecord>>();

  static build(tenant: Tenant): TenantIndex {
    const index = new TenantIndex();
    const users = tenant.users;
    // for…in, not Object.values: no array of 100,000 records to allocate.
    for (const id in users) index.add(users[id]!);
    return index;
  }

  identity(provider: string, openid: string): UserRecord | undefined {
    return this.byIdentity.get(provider)?.get(openid);
  }

  add(user: UserRecord): void {
    const { _username: username, _email: email, _phone: phone } = user;
    if (typeof username === 'string' && username) this.byUsername.set(username.toLowerCase(), user);
    if (typeof email === 'string' && email) this.byEmail.set(email.toLowerCase(), user);
    if (typeof phone === 'string' && phone) this.byPhone.set(phone, user);
    const providers = user._provider;
    for (const provider in providers) {
      const openid = (providers[provider] as { openid?: unknown } | null)?.openid;
      if (typeof openid !== 'string' || !openid) continue;
      let byOpenid = this.byIdentity.get(provider);
      if (!byOpenid) this.byIdentity.set(provider, (byOpenid = new Map()));
      byOpenid.set(openid, user);
    }
  }

  remove(user: UserRecord): void {
    const drop = (map: Map<string, UserRecord> | undefined, key: string) => {
      if (map?.get(key) === user) map.delete(key);
    };
    if (typeof user._username === 'string' && user._username) drop(this.byUsername, user._username.toLowerCase());
    if (typeof user._email === 'string' && user._email) drop(this.byEmail, user._email.toLowerCase());
    if (typeof user._phone === 'string' && user._phone) drop(this.byPhone, user._phone);
    const providers = user._provider ?? {};
    for (const provider of Object.keys(providers)) {
      const openid = (providers[provider] as { openid?: unknown } | null)?.openid;
      if (typeof openid === 'string' && openid) drop(this.byIdentity.get(provider), openid);
    }
  }
}
