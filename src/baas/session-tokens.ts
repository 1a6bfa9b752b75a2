import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a session token says about itself; signed, so the mock stores nothing to check it. */
export interface SessionClaims {
  /** Tenant key: a token works only for the client and environment that issued it. */
  tenant: string;
  /** The tenant's epoch when issued: resetting a client changes it, ending its sessions. */
  epoch: string;
  userId: number;
  /** Unix milliseconds. */
  issuedAt: number;
  expiresAt: number;
  /** How the user logged in (`username`, `bytedance-silent`, …), for people reading the dashboard. */
  method: string;
  /** Unique per token; logout records it as revoked. */
  nonce: string;
}

const VERSION = 1;

/**
 * `<claims>.<signature>`, both base64url: an HMAC-SHA256 over the claims with the store's secret. A login
 * writes nothing to disk, yet its token stays valid across restarts, and no one can forge one without
 * the secret (a random value per store, see docs/differences.md).
 */
export function signToken(secret: string, c: SessionClaims): string {
  const payload = Buffer.from(
    JSON.stringify([VERSION, c.tenant, c.epoch, c.userId, c.issuedAt, c.expiresAt, c.method, c.nonce]),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The claims of a token with a valid signature, or null for anything else. */
export function readToken(secret: string, token: string): SessionClaims | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 2048) return null;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts[0] !== VERSION || parts.length !== 8) return null;
  const [, tenant, epoch, userId, issuedAt, expiresAt, method, nonce] = parts as unknown[];
  if (typeof tenant !== 'string' || typeof epoch !== 'string' || typeof method !== 'string' || typeof nonce !== 'string') return null;
  if (!Number.isSafeInteger(userId) || typeof issuedAt !== 'number' || typeof expiresAt !== 'number') return null;
  return { tenant, epoch, userId: userId as number, issuedAt, expiresAt, method, nonce };
}

const mac = (secret: string, payload: string): string => createHmac('sha256', secret).update(payload).digest('base64url');
