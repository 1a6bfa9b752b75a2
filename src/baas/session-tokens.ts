import * as crypto from 'node:crypto';
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
  // The JSON array readToken parses, written out: JSON.stringify of a small array costs as much as the HMAC.
  const json = `[${VERSION},${text(c.tenant)},${text(c.epoch)},${c.userId},${c.issuedAt},${c.expiresAt},${text(c.method)},${text(c.nonce)}]`;
  const payload = Buffer.from(json).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** Ids, tenant keys and method names need no escaping; anything else (a hand-edited epoch) gets it. */
const PLAIN = /^[\w.@-]*$/;
const text = (s: string): string => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

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

/**
 * HMAC-SHA256 of a payload, as base64url. Every login signs a token, and `createHmac` prepares its
 * key anew on each call, which costs more than the hashing itself: here the padded keys of RFC 2104
 * are made once per secret, and the two hashes are one-shot ones.
 */
function mac(secret: string, payload: string): string {
  const pads = padsOf(secret);
  if (!pads) return createHmac('sha256', secret).update(payload).digest('base64url');
  // The inner pad is ASCII, so as a string prefix it encodes to its own bytes, as the payload does.
  // The digests are strings: a Buffer result costs more than the hash.
  pads.outer.write(oneShotHash!('sha256', pads.inner + payload, 'latin1'), BLOCK, 'latin1');
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
