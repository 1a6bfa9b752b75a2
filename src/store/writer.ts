import type { Op } from './journal.js';
import { emptyTenant, tenantKey, type OutboxItem, type SmsCode, type UserRecord } from './schema.js';
import type { Store } from './store.js';

/**
 * Collects the changes of one request. Nothing is applied until the callback returns, so a request
 * that fails half-way changes nothing; then all its changes are applied and logged as one line.
 */
export class Writer {
  readonly ops: Op[] = [];
  #newTenants = new Set<string>();
  #nextIds = new Map<string, number>();

  constructor(private readonly store: Store) {}

  set(path: string[], value: unknown): void {
    this.ops.push({ o: 's', p: checkedPath(path), v: value });
  }

  delete(path: string[]): void {
    this.ops.push({ o: 'd', p: checkedPath(path) });
  }

  /** Creates the tenant of this client and environment if it does not exist yet; returns its key. */
  tenant(clientId: string, envId: string): string {
    const key = tenantKey(clientId, envId);
    if (!this.store.tenant(key) && !this.#newTenants.has(key)) {
      this.#newTenants.add(key);
      this.set(['tenants', key], emptyTenant(clientId, envId));
    }
    return key;
  }

  newUserId(key: string): number {
    const next = this.#nextIds.get(key) ?? this.store.tenant(key)?.nextUserId ?? emptyTenant('', '').nextUserId;
    this.#nextIds.set(key, next + 1);
    this.set(['tenants', key, 'nextUserId'], next + 1);
    return next;
  }

  putUser(key: string, user: UserRecord): void {
    this.set(['tenants', key, 'users', String(user.id)], user);
  }

  putPassword(key: string, userId: number, hash: string | null): void {
    if (hash === null) this.delete(['tenants', key, 'passwords', String(userId)]);
    else this.set(['tenants', key, 'passwords', String(userId)], hash);
  }

  /** Records a logged-out session until the time its token would have expired anyway. */
  revoke(key: string, nonce: string, expiresAt: number): void {
    this.set(['tenants', key, 'revoked', nonce], expiresAt);
  }

  /** Adds a message, dropping the oldest beyond `keep`, so a long-running mock's outbox stays bounded. */
  putOutbox(key: string, item: OutboxItem, keep = OUTBOX_LIMIT): void {
    const ids = Object.keys(this.store.tenant(key)?.outbox ?? {});
    for (const old of ids.slice(0, Math.max(0, ids.length - keep + 1))) this.delete(['tenants', key, 'outbox', old]);
    this.set(['tenants', key, 'outbox', item.id], item);
  }

  putSmsCode(key: string, phone: string, code: SmsCode | null): void {
    if (code === null) this.delete(['tenants', key, 'smsCodes', phone]);
    else this.set(['tenants', key, 'smsCodes', phone], code);
  }
}

/** Messages kept per tenant outbox; older ones are dropped. */
export const OUTBOX_LIMIT = 500;

/**
 * A path through the document never names `__proto__`: assigning to it would reach Object.prototype of
 * the whole process. Checked when a change is collected, so a bad one fails before anything is applied.
 */
export function checkedPath(path: string[]): string[] {
  if (path.includes('__proto__')) throw new Error(`refusing a store path through __proto__: ${path.join('.')}`);
  return path;
}
