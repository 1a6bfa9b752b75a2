import { unixSeconds } from '../clock.js';
import type { Deps, TenantRef } from '../context.js';
import { BaasError } from '../errors.js';
import { exchangeCode, providerOf, verifyProfile, type SignedProfile } from './bytedance-identity.js';
import { profileOf, providerEntry, syncedFields, type ProfileSync } from './profile-sync.js';
import { changedUser } from './users.js';

export interface TtLinkRequest {
  code: string;
  appName: string;
  /** Present for the forced variant (`linkTt({forceLogin: true})`, contract C3). */
  authorized?: SignedProfile & { sync: ProfileSync };
}

/**
 * Links the ByteDance account of a code to the logged-in user (contract C3). The caller has checked the
 * session already, so a 401 never spends the code. Error statuses follow the contract's recommendations
 * (unconfirmed, C3).
 */
export function linkTt(deps: Deps, tenant: TenantRef, userId: number, req: TtLinkRequest): { openid: string; userId: number } {
  const provider = providerOf(deps, req.appName);
  refuseAnonymous(deps, tenant, userId);
  // From here on the code is spent, whatever the outcome: code2session consumes it, as in production.
  const identity = exchangeCode(deps, tenant, provider, req.code);
  const profile = req.authorized ? profileOf(verifyProfile(tenant, identity, req.authorized), req.authorized.rawData) : undefined;
  const now = unixSeconds(deps.clock);

  return deps.store.write((w) => {
    const key = w.tenant(tenant.clientId, tenant.envId);
    const user = deps.store.user(key, userId);
    if (!user) throw new BaasError(401, 'Authorization: the user of this session no longer exists; log in again');
    const owner = deps.store.userByIdentity(key, provider, identity.openid);
    if (owner && owner.id !== user.id) {
      throw new BaasError(400, `This ByteDance account in ${req.appName} is already associated with another user`);
    }
    const current = user._provider[provider];
    if (!owner && typeof current?.openid === 'string' && current.openid) {
      throw new BaasError(400, `This user is already associated with another ByteDance account in ${req.appName}`);
    }
    // Linking the account the user already has is a success: with autoLogin the SDK may resend it.
    if (owner && !profile) return { openid: identity.openid, userId: user.id };
    const entry = providerEntry(current, identity.openid, identity.unionid, profile);
    const synced = profile && req.authorized ? { ...syncedFields(user, profile, req.authorized.sync), is_authorized: true } : {};
    w.putUser(key, changedUser(user, now, { ...synced, _provider: { ...user._provider, [provider]: entry } }));
    return { openid: identity.openid, userId: user.id };
  });
}

/**
 * The SDK blocks `linkTt` for anonymous users with 612 before any request (contract C3); a request that
 * gets here anyway is refused with 403 (unconfirmed: 400 or 403), before the code is spent.
 */
function refuseAnonymous(deps: Deps, tenant: TenantRef, userId: number): void {
  if (deps.store.user(tenant.key, userId)?._anonymous === true) {
    throw new BaasError(403, 'Anonymous users cannot link a ByteDance account; register or log in first');
  }
}
