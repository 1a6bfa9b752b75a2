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
export function identitiesOf(seed: string, s: Subject): Identities {
  const key = [seed, s.appid, s.developer, s.host, s.person].join('\u0000');
  let ids = derived.get(key);
  if (ids === undefined) {
    ids = Object.freeze({ openid: deriveOpenid(seed, s.appid, s.host, s.person), unionid: deriveUnionid(seed, s.developer, s.host, s.person) });
    // Bounded: a long run over many fake people must not grow without end.
    if (derived.size >= DERIVED_LIMIT) derived.clear();
    derived.set(key, ids);
  }
  return ids;
}

export type Identities = Readonly<{ openid: string; unionid: string }>;

// A suite logs the same few fake people in again and again, and each tt.login derived the same two
// HMACs; the result depends only on the key, so up to 10,000 are kept (about 3 MB), then forgotten at once.
const DERIVED_LIMIT = 10_000;
const derived = new Map<string, Identities>();

export function anonymousOpenidOf(seed: string, appid: string, host: string, device: string): string {
  return deriveAnonymousOpenid(seed, appid, host, device);
}
