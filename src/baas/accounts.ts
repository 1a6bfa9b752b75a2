import { unixSeconds } from '../clock.js';
import type { Authed, Deps, TenantRef } from '../context.js';
import { BaasError } from '../errors.js';
import { assertNameFree, RECORD_FIELD, userByName, type AccountKind } from './account-names.js';
import { loginResponse } from './login-response.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { findSession, issueSession, revokeSession } from './sessions.js';
import { changedUser, newUserRecord } from './users.js';

type LoginResponse = Record<string, unknown>;

/**
 * Signs up with a username, email or phone and a password (contract E1). A request that carries the
 * session of an anonymous user turns that user into a registered one with the same id ("临时用户" in
 * sdk-doc js-sdk/auth.md); any other Authorization header, stale or not, is ignored (contract, "What a
 * faithful mock must get right" 10).
 */
export async function register(
  deps: Deps,
  tenant: TenantRef,
  kind: AccountKind,
  name: string,
  password: string,
  authorization: string | undefined,
): Promise<LoginResponse> {
  const hash = await hashPassword(password, deps.options.scryptCost);
  // From here on nothing awaits, so no other request can take the name between the check and the write.
  const { store, clock } = deps;
  assertNameFree(store, tenant.key, kind, name);
  const found = findSession(deps, tenant, authorization);
  const anonymous = typeof found !== 'string' && found.user._anonymous ? found.user : undefined;
  return store.write((w) => {
    const key = w.tenant(tenant.clientId, tenant.envId);
    const now = unixSeconds(clock);
    const fields = { [RECORD_FIELD[kind]]: name };
    const user = anonymous
      ? changedUser(anonymous, now, { ...fields, _anonymous: false })
      : newUserRecord(w.newUserId(key), now, fields);
    w.putUser(key, user);
    w.putPassword(key, user.id, hash);
    return loginResponse(user, issueSession(deps, key, user.id, `register-${kind}`));
  });
}

/**
 * Logs in with a name and password (contract E2). Unknown names, wrong passwords and users without a
 * password get one and the same 400, as the contract recommends (E2, unconfirmed): the answer does not
 * tell which names exist.
 */
export async function loginWithPassword(
  deps: Deps,
  tenant: TenantRef,
  kind: AccountKind,
  name: string,
  password: string,
): Promise<LoginResponse> {
  const { store } = deps;
  const refused = new BaasError(400, `${kind} or password is incorrect`);
  const user = userByName(store, tenant.key, kind, name);
  const hash = user ? store.password(tenant.key, user.id) : undefined;
  if (!user || !hash || !(await verifyPassword(password, hash))) throw refused;
  // The user may have changed while the hash was checked; only the password that was checked counts.
  const current = store.user(tenant.key, user.id);
  if (!current || store.password(tenant.key, user.id) !== hash) throw refused;
  return store.write((w) => loginResponse(current, issueSession(deps, tenant.key, current.id, kind)));
}

/** Creates a new anonymous ("temporary") user and logs it in (contract E4). */
export function loginAnonymously(deps: Deps, tenant: TenantRef): LoginResponse {
  return deps.store.write((w) => {
    const key = w.tenant(tenant.clientId, tenant.envId);
    const user = newUserRecord(w.newUserId(key), unixSeconds(deps.clock), { _anonymous: true });
    w.putUser(key, user);
    return loginResponse(user, issueSession(deps, key, user.id, 'anonymous'));
  });
}

/** Ends a session: the token answers 401 from now on (contract E5). */
export function logout(deps: Deps, auth: Authed): void {
  deps.store.write((w) => revokeSession(w, auth));
}
