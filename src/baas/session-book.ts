import type { SessionClaims } from './session-tokens.js';

/**
 * The sessions issued since the mock started, newest first, per tenant, for the dashboard and the
 * control API. Tokens are checked by signature, not looked up here, so this list is only a view: it is
 * bounded and not kept across restarts.
 */
export class SessionBook {
  // A ring per tenant: recording is on every login's path, so it must not move the other entries.
  #byTenant = new Map<string, { ring: SessionClaims[]; next: number }>();
  constructor(private readonly perTenant = 200) {}

  record(claims: SessionClaims): void {
    let book = this.#byTenant.get(claims.tenant);
    if (!book) this.#byTenant.set(claims.tenant, (book = { ring: [], next: 0 }));
    book.ring[book.next] = claims;
    book.next = (book.next + 1) % this.perTenant;
  }

  /** Newest first. */
  list(tenantKey: string): readonly SessionClaims[] {
    const book = this.#byTenant.get(tenantKey);
    if (!book) return [];
    const { ring, next } = book;
    return [...ring.slice(0, next).reverse(), ...ring.slice(next).reverse()];
  }

  clear(tenantKey?: string): void {
    if (tenantKey === undefined) this.#byTenant.clear();
    else this.#byTenant.delete(tenantKey);
  }
}
