import type { RecordTable } from './record-table.js';
import type { UserRecord } from './schema.js';
import { visitUserTextKeys, type UserKeysVisitor } from './user-text-keys.js';

/**
 * In-memory look-ups over one tenant's users, so no request scans the user list. Built when the store
 * opens and kept current by every change the store applies. They lead to the user's id (the key of its
 * record in the tenant's RecordTable): a user read from a large snapshot has no parsed record until
 * someone asks for it, and building the indexes must not parse 100,000 of them.
 */
export class TenantIndex {
  readonly byUsername = new Map<string, string>();
  readonly byEmail = new Map<string, string>();
  readonly byPhone = new Map<string, string>();
  /**
   * Provider → openid → id, for ByteDance identities under `_provider`. One map per provider keys on
   * the openid string; a joined `<provider>:<openid>` key would be one more string per user to build
   * at every start and keep.
   */
  readonly byIdentity = new Map<string, Map<string, string>>();

  static build(users: RecordTable<UserRecord>): TenantIndex {
    const index = new TenantIndex();
    let id = '';
    const visitor: UserKeysVisitor = {
      username: (value) => index.#setUsername(value, id),
      email: (value) => index.#setEmail(value, id),
      phone: (value) => index.#setPhone(value, id),
      identity: (provider, openid) => index.#setIdentity(provider, openid, id),
    };
    users.visit(
      (userId, bytes, start, end) => {
        id = userId;
        visitUserTextKeys(bytes, start, end, visitor);
      },
      (userId, user) => index.add(userId, user),
    );
    return index;
  }

  identity(provider: string, openid: string): string | undefined {
    return this.byIdentity.get(provider)?.get(openid);
  }

  add(id: string, user: UserRecord): void {
    const { _username: username, _email: email, _phone: phone } = user;
    if (typeof username === 'string') this.#setUsername(username, id);
    if (typeof email === 'string') this.#setEmail(email, id);
    if (typeof phone === 'string') this.#setPhone(phone, id);
    const providers = user._provider;
    for (const provider in providers) {
      const openid = (providers[provider] as { openid?: unknown } | null)?.openid;
      if (typeof openid === 'string') this.#setIdentity(provider, openid, id);
    }
  }

  remove(id: string, user: UserRecord): void {
    const drop = (map: Map<string, string> | undefined, key: string) => {
      if (map?.get(key) === id) map.delete(key);
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

  #setUsername(username: string, id: string): void {
    if (username) this.byUsername.set(username.toLowerCase(), id);
  }

  #setEmail(email: string, id: string): void {
    if (email) this.byEmail.set(email.toLowerCase(), id);
  }

  #setPhone(phone: string, id: string): void {
    if (phone) this.byPhone.set(phone, id);
  }

  #setIdentity(provider: string, openid: string, id: string): void {
    if (!openid) return;
    let byOpenid = this.byIdentity.get(provider);
    if (!byOpenid) this.byIdentity.set(provider, (byOpenid = new Map()));
    byOpenid.set(openid, id);
  }
}
