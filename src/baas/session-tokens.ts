import * as crypto from 'node:crypto';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How a user logged in, as a token and the dashboard name it. */
export type SessionMethod = (typeof METHODS)[number];

/**
 * Every login method, in the order of their numbers inside a token: a byte, where the name would take
 * twenty. Append only: the number of a method is part of every token issued with it.
 */
const METHODS = [
  'username',
  'email',
  'phone',
  'register-username',
  'register-email',
  'register-phone',
  'sms',
  'anonymous',
  'bytedance-silent',
  'bytedance-authenticate',
] as const;

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
  /** How the user logged in, for people reading the dashboard. */
  method: SessionMethod;
  /** Unique per token (12 random bytes, base64url); logout records it as revoked. */
  nonce: string;
}

const VERSION = 2;
const NONCE_BYTES = 12;
/** Where each claim sits in the packed bytes: the version at 0, the method's number, three float64s, the nonce. */
const AT = { method: 1, userId: 2, issuedAt: 10, expiresAt: 18, nonce: 26 } as const;
const PAYLOAD_BYTES = AT.nonce + NONCE_BYTES;
/** The signature's first 22 base64url characters: 132 of its 256 bits, as much as forging needs. */
const MAC_CHARS = 22;

/**
 * `<claims>.<signature>`, both base64url, 74 characters in all (the 知晓云 docs show an 18-character
 * token; the SDK treats it as opaque). The claims are packed bytes. The tenant and its epoch are not
 * in them but in what the HMAC-SHA256 signs, with the store's secret: a token of another client or of
 * a reset one fails the check as a forged one does. Every login answer carries the token, and every
 * call after it sends it back, so its length is paid on both ways.
 */
export function signToken(secret: string, c: SessionClaims): string {
  const bytes = Buffer.allocUnsafe(PAYLOAD_BYTES);
  bytes[0] = VERSION;
  bytes[AT.method] = METHODS.indexOf(c.method);
  bytes.writeDoubleBE(c.userId, AT.userId);
  bytes.writeDoubleBE(c.issuedAt, AT.issuedAt);
  bytes.writeDoubleBE(c.expiresAt, AT.expiresAt);
  if (bytes.write(c.nonce, AT.nonce, 'base64url') !== NONCE_BYTES) throw new RangeError(`session nonce: ${NONCE_BYTES} bytes expected`);
  const payload = bytes.toString('base64url');
  return `${payload}.${mac(secret, signed(c.tenant, c.epoch, payload)).slice(0, MAC_CHARS)}`;
}

/** What the signature covers: the claims, and the tenant and epoch a token is valid for. */
const signed = (tenant: string, epoch: string, payload: string): string => `${tenant}\n${epoch}\n${payload}`;

/** The claims of a token with a valid signature for this tenant and epoch, or null for anything else. */
export function readToken(secret: string, token: string, tenant: string, epoch: string): SessionClaims | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 2048) return null;
  const payload = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  if (signature.length !== MAC_CHARS) return readVersion1(secret, payload, signature, tenant, epoch);
  if (!sameText(signature, mac(secret, signed(tenant, epoch, payload)).slice(0, MAC_CHARS))) return null;
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length !== PAYLOAD_BYTES || bytes[0] !== VERSION) return null;
  const method = METHODS[bytes[AT.method]!];
  const userId = bytes.readDoubleBE(AT.userId);
  const issuedAt = bytes.readDoubleBE(AT.issuedAt);
  const expiresAt = bytes.readDoubleBE(AT.expiresAt);
  if (method === undefined || !Number.isSafeInteger(userId) || Number.isNaN(issuedAt) || Number.isNaN(expiresAt)) return null;
  return { tenant, epoch, userId, issuedAt, expiresAt, method, nonce: bytes.toString('base64url', AT.nonce) };
}

/**
 * Tokens of mocks before version 2: the claims as a JSON array, tenant and epoch among them, and the
 * whole HMAC. A store's secret outlives an upgrade, so these keep working until they expire.
 */
function readVersion1(secret: string, payload: string, signature: string, tenant: string, epoch: string): SessionClaims | null {
  if (!sameText(signature, mac(secret, payload))) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts[0] !== 1 || parts.length !== 8) return null;
  const [, claimedTenant, claimedEpoch, userId, issuedAt, expiresAt, method, nonce] = parts as unknown[];
  if (claimedTenant !== tenant || claimedEpoch !== epoch || typeof nonce !== 'string' || !METHODS.includes(method as SessionMethod)) return null;
  if (!Number.isSafeInteger(userId) || typeof issuedAt !== 'number' || typeof expiresAt !== 'number') return null;
  return { tenant, epoch, userId: userId as number, issuedAt, expiresAt, method: method as SessionMethod, nonce };
}

/** Compares a given signature with the expected one in time that does not depend on where they differ. */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * HMAC-SHA256 of a text, as base64url. Every login signs a token, and `createHmac` prepares its
 * key anew on each call, which costs more than the hashing itself: here the padded keys of RFC 2104
 * are made once per secret, and the two hashes are one-shot ones.
 */
function mac(secret: string, text: string): string {
  const pads = padsOf(secret);
  if (!pads) return createHmac('sha256', secret).update(text).digest('base64url');
  // The inner pad is ASCII, so as a string prefix it encodes to its own bytes, and the text after it
  // to its UTF-8 bytes, as update(text) encodes it. The digests are strings: a Buffer costs more.
  pads.outer.write(oneShotHash!('sha256', pads.inner + text, 'latin1'), BLOCK, 'latin1');
  return oneShotHash!('sha256', pads.outer, 'base64url');
}

type OneShotHash = (algorithm: string, data: string | Buffer, encoding: 'latin1' | 'base64url') => string;
/** `crypto.hash`, from Node 20.12 and 21.7 on; older Nodes use `createHmac`. */
const oneShotHash = (crypto as unknown as { hash?: OneShotHash }).hash;

const BLOCK = 64;
type Pads = { inner: string; outer: Buffer };
let cached: { secret: string; pads: Pads | null } | undefined;

/**
 * The key XOR-ed with the inner pad (as a string) and with the outer pad (followed by room for the
 * inner digest), or null where the fast path does not apply: no `crypto.hash`, or a secret with bytes
 * outside ASCII (a hand-edited store), which would not survive being a string prefix.
 */
function padsOf(secret: string): Pads | null {
  if (cached?.secret !== secret) cached = { secret, pads: makePads(secret) };
  return cached.pads;
}

function makePads(secret: string): Pads | null {
  if (!oneShotHash) return null;
  let key = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) key = crypto.createHash('sha256').update(key).digest();
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK + 32, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i]! ^= key[i]!;
    outer[i]! ^= key[i]!;
  }
  if (inner.some((b) => b >= 0x80)) return null;
  return { inner: inner.toString('latin1'), outer };
}
