import { unixSeconds } from '../clock.js';
import type { Deps, TenantRef } from '../context.js';
import { BaasError, baasFieldError } from '../errors.js';
import type { UserRecord } from '../store/schema.js';
import type { JsonObject } from '../validate.js';
import { applyFieldValue } from './atomic-ops.js';
import { changedUser } from './users.js';

type Check = (field: string, value: unknown) => unknown;

const nullableString: Check = (field, v) => {
  if (v !== null && typeof v !== 'string') throw baasFieldError(field, 'must be a string or null');
  return v;
};

/**
 * Built-in fields the current user may write. nickname and avatar are documented as writable; gender and
 * the location fields are writable in cloud functions, and from the client the contract leaves it open
 * (E8, unconfirmed): the mock lets the client write them.
 */
const WRITABLE: Record<string, Check> = {
  nickname: nullableString,
  avatar: (field, v) => {
    if (typeof v !== 'string') throw baasFieldError(field, 'must be a string (a URL)');
    return v;
  },
  gender: (field, v) => {
    if (v !== 0 && v !== 1 && v !== 2) throw baasFieldError(field, 'must be 0 (unknown), 1 (male) or 2 (female)');
    return v;
  },
  country: nullableString,
  province: nullableString,
  city: nullableString,
  language: nullableString,
};

// Every `_` field is the server's too (contract F); user_id is what the SDK calls `id`.
const READ_ONLY = new Set(['id', 'user_id', 'created_at', 'updated_at', 'created_by', 'openid', 'unionid', 'is_authorized']);
const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * `PUT /hserve/v2.5/user/info/`: writes profile and custom fields of the current user and returns the
 * whole record (contract E8). Writing a read-only field is 400 naming it, as the contract recommends.
 */
export function updateProfile(deps: Deps, tenant: TenantRef, userId: number, body: JsonObject): UserRecord {
  const { store } = deps;
  const user = store.user(tenant.key, userId);
  if (!user) throw new BaasError(401, 'Authorization: the user of this session no longer exists');
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (field.startsWith('_') || READ_ONLY.has(field)) {
      throw baasFieldError(field, field.startsWith('_') ? 'is read-only (account fields change through PUT /hserve/v2.2/user/account/)' : 'is read-only');
    }
    // Own keys only: a custom field named like a member of Object.prototype (toString) is plain data.
    const check = Object.hasOwn(WRITABLE, field) ? WRITABLE[field] : undefined;
    if (check) changes[field] = check(field, value);
    else if (!CUSTOM_NAME.test(field)) throw baasFieldError(field, 'is not a valid field name (a letter, then letters, digits or _)');
    else changes[field] = applyFieldValue(field, Object.hasOwn(user, field) ? user[field] : undefined, value);
  }
  if (Object.keys(changes).length === 0) return user;
  const updated = changedUser(user, unixSeconds(deps.clock), changes as Partial<UserRecord>);
  store.write((w) => w.putUser(tenant.key, updated));
  return updated;
}
