import { unixSeconds } from '../clock.js';
import type { Deps, TenantRef } from '../context.js';
import { BaasError, baasFieldError } from '../errors.js';
import type { UserRecord } from '../store/schema.js';
import type { Fields } from '../validate.js';
import { ACCOUNT_KINDS, assertNameFree, normalizeName, RECORD_FIELD, type AccountKind } from './account-names.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { changedUser } from './users.js';

/** A change of account names and password; a name set to null is cleared (contract E9). */
export interface AccountChange {
  names: Partial<Record<AccountKind, string | null>>;
  password?: string | undefined;
  newPassword?: string | undefined;
}

/** Reads the body of `PUT /hserve/v2.2/user/account/`. */
export function readAccountChange(f: Fields): AccountChange {
  const names: AccountChange['names'] = {};
  for (const kind of ACCOUNT_KINDS) {
    const v = f.nullableString(kind);
    if (v === undefined) continue;
    if (v === '') throw baasFieldError(kind, 'must not be empty (send null to clear it)');
    names[kind] = v === null ? null : normalizeName(kind, v);
  }
  const password = f.optionalString('password') || undefined;
  const newPassword = f.has('new_password') ? f.string('new_password') : undefined;
  if (password !== undefined && newPassword === undefined) throw baasFieldError('new_password', 'is required to change the password');
  if (Object.keys(names).length === 0 && newPassword === undefined) {
    throw baasFieldError('body', 'must set at least one of username, email, phone, new_password');
  }
  return { names, password, newPassword };
}

/**
 * Changes the current user's username, email, phone or password and returns the whole record: the v2.2
 * SDK feeds the answer straight into the current user (contract E9, unconfirmed but strongly implied).
 * The old password is checked only when the user has one. Anonymous users are refused with 403: they
 * become registered users through sign-up, which keeps their id (E1); the SDK itself stops them with 612.
 */
export async function updateAccount(deps: Deps, tenant: TenantRef, userId: number, change: AccountChange): Promise<UserRecord> {
  const { store } = deps;
  const gone = () => new BaasError(401, 'Authorization: the user of this session no longer exists');
  const user = store.user(tenant.key, userId);
  if (!user) throw gone();
  if (user._anonymous) throw new BaasError(403, 'anonymous users cannot set account information; register instead');

  const passwordOf = () => store.password(tenant.key, userId);
  const oldHash = passwordOf();
  let newHash: string | undefined;
  if (change.newPassword !== undefined) {
    if (oldHash) {
      if (change.password === undefined) throw baasFieldError('password', 'is required: the current password, to change it');
      if (!(await verifyPassword(change.password, oldHash))) throw baasFieldError('password', 'is incorrect');
    }
    newHash = await hashPassword(change.newPassword, deps.options.scryptCost);
  }

  // No await from here to the write: the names are checked and taken at once.
  const current = store.user(tenant.key, userId);
  if (!current) throw gone();
  if (passwordOf() !== oldHash) throw new BaasError(409, 'password: was changed by another request meanwhile; try again');
  const fields: Partial<UserRecord> = {};
  for (const kind of ACCOUNT_KINDS) {
    const value = change.names[kind];
    if (value === undefined) continue;
    if (value !== null) assertNameFree(store, tenant.key, kind, value, userId);
    const field = RECORD_FIELD[kind];
    const changed = value?.toLowerCase() !== current[field]?.toLowerCase();
    fields[field] = value;
    // A new address or number is unproven until verified again (contract E9, F).
    if (kind === 'email' && changed) fields._email_verified = false;
    if (kind === 'phone' && changed) fields._phone_verified = false;
  }
  const updated = changedUser(current, unixSeconds(deps.clock), fields);
  store.write((w) => {
    w.putUser(tenant.key, updated);
    if (newHash) w.putPassword(tenant.key, userId, newHash);
  });
  return updated;
}
