import type { SessionClaims } from './session-tokens.js';

/**
 * The sessions issued since the mock started, newest first, per tenant, for the dashboard and the
 * control API. Tokens are checked by signature, not looked up here, so this list is only a view: it is
 * bounded and not kept across restarts.
 */
export class SessionBook {
  #byTenant = new Map<string, SessionClaims[]>();
  constructor(private readonly perTenant = 200) {}

  record(claims: SessionClaims): void {
    let list = this.#byTenant.get(claims.tenant);
    if (!list) this.#byTenant.set(claims.tenant, (list = []));
    list.unshift(claims);
    if (list.length > this.perTenant) list.length = this.perTenant;
  }

  list(tenantKey: string): readonly SessionClaims[] {
    return this.#byTenant.get(tenantKey) ?? [];
  }

  clear(tenantKey?: string): void {
    if (tenantKey === undefined) this.#byTenant.clear();
    else this.#byTenant.delete(tenantKey);
  }
}
