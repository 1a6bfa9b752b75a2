import type { UserRecord } from './schema.js';

/**
 * How a large snapshot stores user records: most fields of most users are at their default (null,
 * false, 0, the default avatar), and omitting them halves the file and the time to parse it. The
 * encoding is on-disk only: a tenant written this way carries `"$userDefaultsOmitted": 1`, and its
 * records get their fields back, in their order, when the file is read.
 *
 * It is only used when every user of the tenant has exactly the built-in fields below, in this order,
 * before any custom field (every record the mock makes does): absent then always means "at its
 * default", never "absent". These values are the on-disk contract of version 1 and must not change;
 * newUserRecord (src/baas/users.ts) happens to use the same ones.
 */
export const USER_DEFAULTS_MARKER = '$userDefaultsOmitted';
export const USER_DEFAULTS_VERSION = 1;

const DEFAULT_AVATAR = 'https://media.ifanrusercontent.com/hydrogen/default_avatar.png';

/** Built-in fields with a fixed default. `created_by` defaults to `id`, `updated_at` to `created_at`. */
const CONSTANT_DEFAULTS: Readonly<Record<string, unknown>> = {
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
};

/** The built-in fields in the order newUserRecord creates them. */
export const BUILT_IN_FIELDS: readonly string[] = [
  'id',
  'created_at',
  'updated_at',
  'created_by',
  'nickname',
  'avatar',
  'gender',
  'country',
  'province',
  'city',
  'language',
  'openid',
  'unionid',
  'is_authorized',
  '_anonymous',
  '_username',
  '_email',
  '_email_verified',
  '_phone',
  '_phone_verified',
  '_provider',
];
const BUILT_IN = new Set(BUILT_IN_FIELDS);

/** Whether a record can be written without its defaults and read back the same. */
export function hasBuiltInLayout(user: unknown): boolean {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) return false;
  let i = 0;
  // for…in allocates nothing, and a snapshot checks every user in one synchronous step.
  for (const key in user) {
    if (i === BUILT_IN_FIELDS.length) return true;
    if (key !== BUILT_IN_FIELDS[i]) return false;
    i++;
  }
  return i === BUILT_IN_FIELDS.length;
}

/** The record as it is written: fields at their default left out. Only for hasBuiltInLayout records. */
export function withoutDefaults(user: UserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(user)) {
    const value = user[key];
    if (key === 'created_by' ? value === user.id : key === 'updated_at' ? value === user.created_at : Object.hasOwn(CONSTANT_DEFAULTS, key) && value === CONSTANT_DEFAULTS[key]) continue;
    setOwn(out, key, value);
  }
  return out;
}

/**
 * The record as it was before withoutDefaults. One object literal for every record, so they all share
 * one shape with their fields in the object itself, and the default values are shared, not copied. A
 * value that is not an object is returned as it is, for the document check to refuse.
 */
export function withDefaults(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return stored;
  const r = stored as Record<string, unknown>;
  const user: Record<string, unknown> = {
    id: r.id,
    created_at: r.created_at,
    updated_at: r.updated_at === undefined ? r.created_at : r.updated_at,
    created_by: r.created_by === undefined ? r.id : r.created_by,
    nickname: r.nickname === undefined ? null : r.nickname,
    avatar: r.avatar === undefined ? DEFAULT_AVATAR : r.avatar,
    gender: r.gender === undefined ? 0 : r.gender,
    country: r.country === undefined ? null : r.country,
    province: r.province === undefined ? null : r.province,
    city: r.city === undefined ? null : r.city,
    language: r.language === undefined ? null : r.language,
    openid: r.openid === undefined ? null : r.openid,
    unionid: r.unionid === undefined ? null : r.unionid,
    is_authorized: r.is_authorized === undefined ? false : r.is_authorized,
    _anonymous: r._anonymous === undefined ? false : r._anonymous,
    _username: r._username === undefined ? null : r._username,
    _email: r._email === undefined ? null : r._email,
    _email_verified: r._email_verified === undefined ? false : r._email_verified,
    _phone: r._phone === undefined ? null : r._phone,
    _phone_verified: r._phone_verified === undefined ? false : r._phone_verified,
    _provider: r._provider,
  };
  for (const key in r) {
    if (!BUILT_IN.has(key)) setOwn(user, key, r[key]);
  }
  return user;
}

/** A custom field named __proto__ is an own property of a parsed record and must stay one. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
