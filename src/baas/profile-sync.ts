import type { DecryptedUserInfo } from '../openplatform/user-info.js';
import type { UserRecord } from '../store/schema.js';
import { DEFAULT_AVATAR } from './users.js';

/** `update_userprofile` (contract C5). */
export type ProfileSync = 'overwrite' | 'setnx' | 'false';

/** The platform profile under the names of the first-level user fields. */
export interface PlatformProfile {
  nickname: string;
  avatar: string;
  gender: number;
  city: string;
  province: string;
  country: string;
  language: string;
}

const SYNC_MODES: readonly ProfileSync[] = ['overwrite', 'setnx', 'false'];

/** Anything but the three strings is `setnx`, exactly as the SDK normalises it (contract C2). */
export const normaliseSync = (value: unknown): ProfileSync =>
  SYNC_MODES.includes(value as ProfileSync) ? (value as ProfileSync) : 'setnx';

/**
 * The profile from verified user data. The decrypted payload wins; whether it carries `language` is
 * unconfirmed (contract A6), so the signed rawData fills what it lacks. Values of the wrong type are
 * left out rather than stored.
 */
export function profileOf(decrypted: DecryptedUserInfo, rawData: string): Partial<PlatformProfile> {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(rawData);
    if (typeof parsed === 'object' && parsed !== null) raw = parsed as Record<string, unknown>;
  } catch {
    // rawData passed the signature check; if it is not JSON the decrypted payload alone counts.
  }
  const pick = (key: keyof DecryptedUserInfo): unknown => (decrypted as unknown as Record<string, unknown>)[key] ?? raw[key];
  const text = (key: keyof DecryptedUserInfo) => {
    const v = pick(key);
    return typeof v === 'string' ? v : undefined;
  };
  const gender = pick('gender');
  const profile: Partial<PlatformProfile> = {
    nickname: text('nickName'),
    avatar: text('avatarUrl'),
    gender: gender === 0 || gender === 1 || gender === 2 ? gender : undefined,
    city: text('city'),
    province: text('province'),
    country: text('country'),
    language: text('language'),
  };
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined));
}

/**
 * The `_provider` entry of a host app: openid, unionid and, after authorized login, the profile under the
 * names `_provider.wechat` uses (contract F; what the server stores is unconfirmed).
 */
export function providerEntry(
  previous: Record<string, unknown> | undefined,
  openid: string,
  unionid: string | undefined,
  profile: Partial<PlatformProfile> = {},
): Record<string, unknown> {
  return { ...previous, openid, ...(unionid ? { unionid } : {}), ...profile };
}

/**
 * A new record starts with the default avatar and gender 0 ("unknown") without anyone assigning them;
 * setnx treats those, null and absent as never assigned, and "" as assigned (contract C5, unconfirmed).
 */
function unassigned(user: UserRecord | undefined, field: keyof PlatformProfile): boolean {
  const v = user?.[field];
  if (v === null || v === undefined) return true;
  if (field === 'avatar') return v === DEFAULT_AVATAR;
  if (field === 'gender') return v === 0;
  return false;
}

/** The first-level fields `update_userprofile` writes from the platform profile (contract C5). */
export function syncedFields(user: UserRecord | undefined, profile: Partial<PlatformProfile>, mode: ProfileSync): Partial<UserRecord> {
  if (mode === 'false') return {};
  const out: Partial<UserRecord> = {};
  for (const [field, value] of Object.entries(profile) as [keyof PlatformProfile, string | number][]) {
    if (mode === 'overwrite' || unassigned(user, field)) (out as Record<string, unknown>)[field] = value;
  }
  return out;
}
