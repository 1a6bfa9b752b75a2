/** The store document: what `db.json` holds, what `export` prints and `import` takes. */
import type { RecordTable } from './record-table.js';

export const DATA_VERSION = 1;

export interface HostApp {
  /** What `tt.getSystemInfoSync().appName` reports in this host (the SDK lower-cases it into `app_name`). */
  appName: string;
  /** The key of this host's entry in a 知晓云 user's `_provider` (contract A7, F). */
  provider: string;
  label?: string;
}

export interface Client {
  name?: string;
  /** The ByteDance mini-program bound to this 知晓云 client. */
  appid: string;
  secret: string;
  /** The developer (subject) that owns the mini-program; unionids are per developer. */
  developer: string;
}

export interface Person {
  nickName: string;
  avatarUrl: string;
  gender: 0 | 1 | 2;
  city: string;
  province: string;
  country: string;
  language?: string;
  /** Host apps (keys of `hostApps`) the person is logged into; elsewhere `tt.login` gives no code. */
  loggedInto: string[];
  /** The person's device, for anonymous_openid; defaults to `<person>-phone`. */
  device?: string;
}

/** A 知晓云 user record (`_userprofile`, contract F), stored as the wire shape users read. */
export interface UserRecord {
  id: number;
  created_at: number;
  updated_at: number;
  created_by: number;
  nickname: string | null;
  avatar: string;
  gender: number;
  country: string | null;
  province: string | null;
  city: string | null;
  language: string | null;
  openid: string | null;
  unionid: string | null;
  is_authorized: boolean;
  _anonymous: boolean;
  _username: string | null;
  _email: string | null;
  _email_verified: boolean;
  _phone: string | null;
  _phone_verified: boolean;
  _provider: Record<string, Record<string, unknown>>;
  [custom: string]: unknown;
}

export interface OutboxItem {
  id: string;
  kind: 'sms' | 'email';
  /** What the message is for: `sms-code`, `email-verify`, `password-reset`. */
  purpose: string;
  to: string;
  code?: string;
  link?: string;
  text: string;
  sentAt: number;
}

export interface SmsCode {
  code: string;
  expiresAt: number;
  sentAt: number;
  /** Codes sent to this phone on the (China-time) day of `sentAt`, for the daily limit; absent = 1. */
  sentToday?: number;
  /** Set once the code has been used: a code works once, and the record keeps the rate limits. */
  used?: boolean;
}

/** The 知晓云 data of one client in one environment (`X-Hydrogen-Env-ID`). */
export interface Tenant {
  clientId: string;
  envId: string;
  nextUserId: number;
  users: Record<string, UserRecord>;
  /** scrypt hashes by user id, kept apart from the records so no response can leak them. */
  passwords: Record<string, string>;
  /** Logged-out session tokens by nonce, with their expiry (Unix ms); sessions themselves are signed, not stored. */
  revoked: Record<string, number>;
  /** Changed when the client is reset, which ends every session issued before; absent = "". */
  epoch?: string;
  outbox: Record<string, OutboxItem>;
  smsCodes: Record<string, SmsCode>;
}

export interface Data {
  $schema?: string;
  version: number;
  platform: {
    /** Key for derived identities (openid, unionid, derived appids): the same seed, the same ids. */
    seed: string;
    /** Signs session tokens. Random per store; created when the store is, absent in fixtures. */
    tokenSecret?: string;
  };
  hostApps: Record<string, HostApp>;
  clients: Record<string, Client>;
  people: Record<string, Person>;
  tenants: Record<string, Tenant>;
}

/**
 * A tenant as the store holds it in memory: users and password hashes in RecordTables (record-table.ts),
 * which keep the records of a large snapshot as text until they are used; the rest as in the document.
 */
export interface StoredTenant extends Omit<Tenant, 'users' | 'passwords'> {
  users: RecordTable<UserRecord>;
  passwords: RecordTable<string>;
}

/** The document as the store holds it. JSON.stringify gives the document (a RecordTable has toJSON). */
export interface StoredData extends Omit<Data, 'tenants'> {
  tenants: Record<string, StoredTenant>;
}

export const FIRST_USER_ID = 310000000000001;

/**
 * What a client or environment ID may be: letters, digits, `_ . -`, at most 64. `__proto__` fits that
 * shape but, as a key of the store's tenants, would reach Object.prototype, so it is never an ID.
 */
export const isTenantId = (id: string): boolean => /^[A-Za-z0-9_.-]{1,64}$/.test(id) && id !== '__proto__';

export const tenantKey = (clientId: string, envId: string): string => (envId ? `${clientId}@${envId}` : clientId);

export function emptyTenant(clientId: string, envId: string): Tenant {
  return { clientId, envId, nextUserId: FIRST_USER_ID, users: {}, passwords: {}, revoked: {}, outbox: {}, smsCodes: {} };
}
