import { createHmac, randomBytes, randomFillSync } from 'node:crypto';
import { customAlphabet } from 'nanoid';

// Secrets are random; identities are derived, so one fake person keeps the same ids across restarts.

const hex = customAlphabet('0123456789abcdef', 32);

// tt.login hands out a session key and registration a salt each time, and one call to the system's
// generator per value cost more than the rest of the request; so random bytes, like nanoid's ids,
// come from a block drawn at once.
const pool = Buffer.alloc(4096);
let used = pool.length;

/** Takes `n` fresh bytes (n ≤ 4096) off the block; returns where they start. */
function take(n: number): number {
  if (used + n > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += n;
  return used - n;
}

/** `n` fresh random bytes (n ≤ 4096), copied out of the block. */
export function randomBytesFromPool(n: number): Buffer {
  const at = take(n);
  return Buffer.from(pool.subarray(at, at + n));
}

/** `n` fresh random bytes as text, encoded straight from the block. */
const randomText = (n: number, encoding: 'base64' | 'base64url'): string => {
  const at = take(n);
  return pool.toString(encoding, at, at + n);
};

/** The unique part of a 知晓云 session token (the rest is signed claims): 96 random bits, 16 characters. */
export const newSessionNonce = (): string => randomText(12, 'base64url');
/** The key that signs session tokens: random per store, so tokens cannot be forged or carried over. */
export const newTokenSecret = (): string => randomBytes(32).toString('base64url');
/** A tenant's epoch: a new one ends every session issued before. */
export const newEpoch = (): string => randomBytes(6).toString('hex');
/** A one-time `tt.login` code (real codes are opaque strings of about this length). */
export const newLoginCode = (): string => hex();
/** A ByteDance session_key: base64 of 16 random bytes, the AES-128 key for user data. */
export const newSessionKey = (): string => randomText(16, 'base64');

const digest = (seed: string, ...parts: string[]): Buffer =>
  createHmac('sha256', seed).update(parts.join('\u0000')).digest();

/**
 * The openid of a person in one mini-program inside one host app. The platform gives one person a
 * different openid per host app (contract A5), so the host is part of the key.
 */
export function deriveOpenid(seed: string, appid: string, host: string, person: string): string {
  return '_000' + digest(seed, 'openid', appid, host, person).toString('base64url').slice(0, 32);
}

/** unionid: one per person, developer (subject) and host app (contract A5). */
export function deriveUnionid(seed: string, developer: string, host: string, person: string): string {
  const h = digest(seed, 'unionid', developer, host, person).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** anonymous_openid: one per device, mini-program and host app (per host is our assumption, see docs). */
export function deriveAnonymousOpenid(seed: string, appid: string, host: string, device: string): string {
  return '_000' + digest(seed, 'anonymous', appid, host, device).toString('base64url').slice(0, 28) + 'anon';
}

/** The ByteDance appid and secret of a 知晓云 client that is not in the fixtures. */
export function deriveClientApp(seed: string, clientId: string): { appid: string; secret: string } {
  return {
    appid: 'tt' + digest(seed, 'appid', clientId).toString('hex').slice(0, 16),
    secret: digest(seed, 'secret', clientId).toString('hex').slice(0, 40),
  };
}

/** A ByteDance-style log_id: a timestamp and random hex, as production answers carry. */
export function newLogId(nowMs: number): string {
  const d = new Date(nowMs);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return stamp + randomBytes(6).toString('hex').toUpperCase();
}
