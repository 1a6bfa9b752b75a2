import { createHmac, randomBytes } from 'node:crypto';
import { random } from 'nanoid';

// Secrets are random; identities are derived, so one fake person keeps the same ids across restarts.

// tt.login hands out two codes and a session key, registration a salt, each login a nonce: one call to
// the system's generator per value cost more than the rest of the request, so the bytes come off
// nanoid's pool, filled a block at a time. Each value is encoded from its bytes in one step: a code
// built a character at a time, as nanoid's own ids are, is a chain of 20-odd string pieces in V8,
// which a code kept for five minutes holds (741 bytes in a Map of codes against 117) and every
// look-up of it walks.

/** `n` fresh random bytes, copied out of the pool. */
export function randomBytesFromPool(n: number): Buffer {
  return Buffer.from(random(n));
}

/** `n` fresh random bytes as text, encoded straight from the pool. */
const randomText = (n: number, encoding: 'hex' | 'base64' | 'base64url'): string => {
  const bytes = random(n);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(encoding);
};

/** The unique part of a 知晓云 session token (the rest is signed claims): 96 random bits, 16 characters. */
export const newSessionNonce = (): string => randomText(12, 'base64url');
/** The key that signs session tokens: random per store, so tokens cannot be forged or carried over. */
export const newTokenSecret = (): string => randomBytes(32).toString('base64url');
/** A tenant's epoch: a new one ends every session issued before. */
export const newEpoch = (): string => randomBytes(6).toString('hex');
/** A one-time `tt.login` code (real codes are opaque strings of about this length). */
export const newLoginCode = (): string => randomText(16, 'hex');
/** A ByteDance session_key: base64 of 16 random bytes, the AES-128 key for user data. */
export const newSessionKey = (): string => randomText(16, 'base64');

const digest = (seed: string, ...parts: string[]): Buffer =>
  createHmac('sha256', seed).update(parts.join('\u0000')).digest();

// The derived ids are joined from their pieces with join(), not +: V8 keeps a string made with + as
// its pieces, and a silent login looks its openid up in a Map of every user's, where a key in pieces
// took twice as long to find (1.1–1.8 µs against 0.5–0.8 µs in a Map of 100,000 openids).

/**
 * The openid of a person in one mini-program inside one host app. The platform gives one person a
 * different openid per host app (contract A5), so the host is part of the key.
 */
export function deriveOpenid(seed: string, appid: string, host: string, person: string): string {
  return ['_000', digest(seed, 'openid', appid, host, person).toString('base64url', 0, 24)].join('');
}

/** unionid: one per person, developer (subject) and host app (contract A5). */
export function deriveUnionid(seed: string, developer: string, host: string, person: string): string {
  const h = digest(seed, 'unionid', developer, host, person).toString('hex');
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20, 32)].join('-');
}

/** anonymous_openid: one per device, mini-program and host app (per host is our assumption, see docs). */
export function deriveAnonymousOpenid(seed: string, appid: string, host: string, device: string): string {
  return ['_000', digest(seed, 'anonymous', appid, host, device).toString('base64url', 0, 21), 'anon'].join('');
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
