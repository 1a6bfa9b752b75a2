import type { UserRecord } from '../store/schema.js';

export const DEFAULT_AVATAR = 'https://media.ifanrusercontent.com/hydrogen/default_avatar.png';

/** A new 知晓云 user record with every built-in field present (contract F). */
export function newUserRecord(id: number, nowSeconds: number, fields: Partial<UserRecord> = {}): UserRecord {
  return {
    id,
    created_at: nowSeconds,
    updated_at: nowSeconds,
    created_by: id,
    nickname: null,
    avatar: DEFAULT_AVATAR,
    gender: 0,
    country: null,
    province: null,
    city: null,
    language: null,
    openid: null,
    unionid: null,
    is_authorized: false,
    _anonymous: false,
    _username: null,
    _email: null,
    _email_verified: false,
    _phone: null,
    _phone_verified: false,
    _provider: {},
    ...fields,
  };
}

/** A changed copy of a record with `updated_at` moved on; records in the store are never mutated. */
export function changedUser(user: UserRecord, nowSeconds: number, fields: Partial<UserRecord>): UserRecord {
  return { ...structuredClone(user), ...fields, updated_at: nowSeconds };
}

/**
 * The user as the user sees themself: the whole record. Records are never changed in place
 * (changedUser copies) and every answer is serialised at once, so the stored record is shown as it is
 * rather than cloned on each login and user GET.
 */
export const toSelfView = (user: UserRecord): Readonly<UserRecord> => user;

/**
 * The user as others see them. Built-in fields are visible to their owner only, except `id`, `nickname`
 * and `avatar` (contract E6). Custom fields follow their column permissions in production; the mock has
 * no permissions, so it shows none of them (see docs/differences.md).
 */
export const toPublicView = (user: UserRecord): Pick<UserRecord, 'id' | 'nickname' | 'avatar'> => ({
  id: user.id,
  nickname: user.nickname,
  avatar: user.avatar,
});
