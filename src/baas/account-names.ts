import { BaasError, baasFieldError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { UserRecord } from '../store/schema.js';
import type { Fields } from '../validate.js';

/** The three ways a 知晓云 account is named, and the user-record field each lives in (contract E1, F). */
export type AccountKind = 'username' | 'email' | 'phone';
export const ACCOUNT_KINDS: readonly AccountKind[] = ['username', 'email', 'phone'];
export const RECORD_FIELD = { username: '_username', email: '_email', phone: '_phone' } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?\d{5,20}$/;
// Production's username rules are not documented (contract E1); the mock refuses only what no sign-up
// form would produce: blanks, control characters and very long names.
const USERNAME = /^[^\s\p{Cc}]{1,64}$/u;
const MAX_EMAIL = 254;

/** Checks an account name's shape and brings it to its stored form: emails are lower-cased (contract E1). */
export function normalizeName(kind: AccountKind, value: string): string {
  switch (kind) {
    case 'username':
      if (!USERNAME.test(value)) throw baasFieldError('username', 'must be 1 to 64 characters without spaces');
      return value;
    case 'email':
      if (value.length > MAX_EMAIL || !EMAIL.test(value)) throw baasFieldError('email', 'is not a valid email address');
      return value.toLowerCase();
    case 'phone':
      if (!PHONE.test(value)) throw baasFieldError('phone', 'must be a phone number: digits with an optional leading +');
      return value;
  }
}

/** Reads a required account name of one kind from a body. */
export const readName = (f: Fields, kind: AccountKind): string => normalizeName(kind, f.string(kind));

/** Reads a required, non-empty password. */
export const readPassword = (f: Fields, field = 'password'): string => f.string(field);

/** The user with this account name, if any; usernames and emails compare case-insensitively. */
export function userByName(store: Store, tenantKey: string, kind: AccountKind, value: string): UserRecord | undefined {
  if (kind === 'username') return store.userByUsername(tenantKey, value);
  if (kind === 'email') return store.userByEmail(tenantKey, value);
  return store.userByPhone(tenantKey, value);
}

/**
 * Refuses a name another user already has. 400 naming the field follows the contract's recommendation
 * for duplicates (E1, unconfirmed).
 */
export function assertNameFree(store: Store, tenantKey: string, kind: AccountKind, value: string, self?: number): void {
  const owner = userByName(store, tenantKey, kind, value);
  if (owner && owner.id !== self) throw new BaasError(400, `${kind}: ${value} is already registered`);
}
