import { unixSeconds } from '../clock.js';
import type { Deps, TenantRef } from '../context.js';
import { BaasError } from '../errors.js';
import type { UserRecord } from '../store/schema.js';
import type { Writer } from '../store/writer.js';
import { exchangeCode, providerOf, verifyProfile, type SignedProfile } from './bytedance-identity.js';
import { profileOf, providerEntry, syncedFields, type PlatformProfile, type ProfileSync } from './profile-sync.js';
import { issueSession } from './sessions.js';
import { changedUser, newUserRecord } from './users.js';

export interface TtLoginRequest {
  code: string;
  appName: string;
  createUser: boolean;
  /** Present for authorized ("forced") login (contract C2), absent for silent login (C1). */
  authorized?: SignedProfile & { sync: ProfileSync };
}

export interface TtLoginResult {
  token: string;
  expiresIn: number;
  openid: string;
  user: UserRecord;
}

/**
 * Silent and authorized ByteDance login (contract C1, C2): the person is found by the openid of this
 * host app under `_provider`; matching by unionid across hosts is not done (unconfirmed, C1).
 */
export function loginWithTt(deps: Deps, tenant: TenantRef, req: TtLoginRequest): TtLoginResult {
  const provider = providerOf(deps, req.appName);
  const identity = exchangeCode(deps, tenant, provider, req.code);
  const profile: Partial<PlatformProfile> | undefined = req.authorized
    ? profileOf(verifyProfile(tenant, identity, req.authorized), req.authorized.rawData)
    : undefined;
  const now = unixSeconds(deps.clock);

  const loggedIn = (key: string, user: UserRecord): TtLoginResult => {
    const session = issueSession(deps, key, user.id, req.authorized ? 'bytedance-authenticate' : 'bytedance-silent');
    return { token: session.token, expiresIn: session.expires_in, openid: identity.openid, user };
  };
  // The call CI makes most: a known person's silent login reads the index and changes nothing.
  const known = profile ? undefined : deps.store.userByIdentity(tenant.key, provider, identity.openid);
  if (known) return loggedIn(tenant.key, known);

  return deps.store.write((w) => {
    const { key, user: found } = findOrCreate(deps, w, tenant, provider, identity, req, now);
    let user = found;
    if (profile && req.authorized) {
      const isNew = !deps.store.user(key, user.id);
      const entry = providerEntry(user._provider[provider], identity.openid, identity.unionid, profile);
      // is_authorized after authorized login is the contract's inference (C2, unconfirmed).
      const synced = { ...syncedFields(isNew ? undefined : user, profile, req.authorized.sync), is_authorized: true };
      user = changedUser(user, now, { ...synced, _provider: { ...user._provider, [provider]: entry } });
      w.putUser(key, user);
    }
    return loggedIn(key, user);
  });
}

/**
 * The person's account as silent login finds or creates it, with no session and no profile: what the
 * 603 switch on authenticate reports in its body, like the refusal the official docs show (contract D).
 */
export function resolveTtAccount(deps: Deps, tenant: TenantRef, req: Omit<TtLoginRequest, 'authorized'>): { user: UserRecord; openid: string } {
  const provider = providerOf(deps, req.appName);
  const identity = exchangeCode(deps, tenant, provider, req.code);
  const now = unixSeconds(deps.clock);
  return deps.store.write((w) => ({ user: findOrCreate(deps, w, tenant, provider, identity, req, now).user, openid: identity.openid }));
}

/**
 * Look-up and creation happen inside one synchronous write: concurrent logins of one new person cannot
 * both miss the look-up and create two users (contract B10). A new user is put in the write here.
 */
function findOrCreate(
  deps: Deps,
  w: Writer,
  tenant: TenantRef,
  provider: string,
  identity: { openid: string; unionid?: string | undefined },
  req: { appName: string; createUser: boolean },
  now: number,
): { key: string; user: UserRecord } {
  const key = w.tenant(tenant.clientId, tenant.envId);
  const found = deps.store.userByIdentity(key, provider, identity.openid);
  if (found) return { key, user: found };
  if (!req.createUser) {
    // Documented (sdk-doc js-sdk/bytedance/signin-signout.md): the app then logs in and links the account.
    throw new BaasError(404, `User not found: no user has this ByteDance account in ${req.appName}, and create_user is false`);
  }
  const user = newUserRecord(w.newUserId(key), now, { _provider: { [provider]: providerEntry(undefined, identity.openid, identity.unionid, undefined) } });
  w.putUser(key, user);
  return { key, user };
}
