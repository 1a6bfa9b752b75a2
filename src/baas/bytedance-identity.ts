import type { Deps, TenantRef } from '../context.js';
import { BaasError, OpenPlatformError } from '../errors.js';
import { checkUserInfo, UserInfoCheckError, type DecryptedUserInfo } from '../openplatform/user-info.js';

/** Who a `tt.login` code proves the caller to be, in the host app it came from. */
export interface TtIdentity {
  /** The key of the host app's entry in `_provider` (contract A7, F). */
  provider: string;
  openid: string;
  unionid: string | undefined;
  sessionKey: string;
}

/** `tt.getUserInfo({withCredentials: true})` output as the SDK forwards it (contract C2). */
export interface SignedProfile {
  rawData: string;
  signature: string;
  encryptedData: string;
  iv: string;
}

/**
 * The `_provider` key for an `app_name`. The SDK lower-cases `appName` before sending it (contract A7),
 * so only the lower-case keys of the host-app table are accepted.
 */
export function providerOf(deps: Deps, appName: string): string {
  const hostApps = deps.store.data.hostApps;
  if (Object.hasOwn(hostApps, appName)) return hostApps[appName]!.provider;
  const lower = appName.toLowerCase();
  const hint = lower !== appName && Object.hasOwn(hostApps, lower) ? ` (app_name is lower-case: ${lower})` : '';
  throw new BaasError(400, `app_name: unknown host app ${appName}${hint}; known: ${Object.keys(hostApps).join(', ')}`);
}

/**
 * Exchanges a code through the same code2session the open-platform endpoint serves, so a used or expired
 * code fails here too. 400 for a bad code follows the contract's recommendation (C1, unconfirmed).
 */
export function exchangeCode(deps: Deps, tenant: TenantRef, provider: string, code: string): TtIdentity {
  try {
    const r = deps.platform.exchange({ appid: tenant.app.appid, secret: tenant.app.secret, code });
    return { provider, openid: r.openid!, unionid: r.unionid, sessionKey: r.sessionKey! };
  } catch (err) {
    if (err instanceof OpenPlatformError) throw new BaasError(400, `code: ${err.tips} (code2session err_no ${err.errNo})`);
    throw err;
  }
}

const fieldOf = { signature: 'signature', decrypt: 'encryptedData', watermark: 'encryptedData', openid: 'encryptedData' } as const;

/**
 * Checks user data against the session_key of the code it came with (contract A6): data produced after
 * an older `tt.login` carries a rotated key and fails. 400 follows the contract's recommendation (C2).
 */
export function verifyProfile(tenant: TenantRef, identity: TtIdentity, data: SignedProfile): DecryptedUserInfo {
  try {
    return checkUserInfo(data, { sessionKey: identity.sessionKey, appid: tenant.app.appid, openid: identity.openid });
  } catch (err) {
    if (err instanceof UserInfoCheckError) throw new BaasError(400, `${fieldOf[err.problem]}: ${err.message}`);
    throw err;
  }
}
