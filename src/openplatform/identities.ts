import { deriveAnonymousOpenid, deriveOpenid, deriveUnionid } from '../ids.js';

/** Who a code belongs to: one person, in one host app, using one mini-program. */
export interface Subject {
  appid: string;
  host: string;
  person: string;
  developer: string;
}

/**
 * The ids code2session reports for a subject. Derived from the store's seed, so the same person in the
 * same host app and mini-program always has the same openid, across restarts, and a different one in
 * every other host app (contract A5).
 */
export function identitiesOf(seed: string, s: Subject): { openid: string; unionid: string } {
  return {
    openid: deriveOpenid(seed, s.appid, s.host, s.person),
    unionid: deriveUnionid(seed, s.developer, s.host, s.person),
  };
}

export function anonymousOpenidOf(seed: string, appid: string, host: string, device: string): string {
  return deriveAnonymousOpenid(seed, appid, host, device);
}
