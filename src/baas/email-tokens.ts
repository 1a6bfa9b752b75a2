import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type EmailTokenPurpose = 'verify-email' | 'password-reset';

/** What a link in a mail stands for. */
export interface EmailTokenClaims {
  purpose: EmailTokenPurpose;
  tenantKey: string;
  userId: number;
  email: string;
  /** Unix milliseconds. */
  expiresAt: number;
  /** For a reset: a fingerprint of the password it replaces, so the link works once. */
  password?: string;
}

/**
 * Links in mails carry signed claims instead of a stored secret: nothing to keep in the store, and a link
 * stops working by itself once the email or the password it was made for has changed.
 */
export function signEmailToken(seed: string, claims: EmailTokenClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(seed, body)}`;
}

/** The claims of a token this mock signed, or null for anything else. Expiry is the caller's to check. */
export function readEmailToken(seed: string, token: string): EmailTokenClaims | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(seed, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as EmailTokenClaims;
  } catch {
    return null;
  }
}

/** A short fingerprint of a password hash (or of "no password"), never the hash itself. */
export const passwordFingerprint = (hash: string | undefined): string =>
  createHash('sha256').update(hash ?? '').digest('base64url').slice(0, 16);

const mac = (seed: string, body: string): string => createHmac('sha256', seed).update(`email-token\u0000${body}`).digest('base64url');
