import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Authed, Deps, TenantRef } from '../context.js';
import { BaasError } from '../errors.js';
import { newSessionNonce } from '../ids.js';
import type { Writer } from '../store/writer.js';
import { readToken, signToken, type SessionClaims, type SessionMethod } from './session-tokens.js';
import { requestHeader } from '../request-header.js';

const PREFIX = 'Hydrogen-r1 ';

export type SessionProblem = 'missing' | 'malformed' | 'unknown' | 'expired';

/** Reads `Authorization: Hydrogen-r1 <token>` and finds a live session of this tenant. */
export function findSession(deps: Deps, tenant: TenantRef, header: string | undefined): Authed | SessionProblem {
  if (!header) return 'missing';
  if (!header.startsWith(PREFIX)) return 'malformed';
  const token = header.slice(PREFIX.length).trim();
  if (!token) return 'malformed';
  const stored = deps.store.tenant(tenant.key);
  // Another client's token, one from before a reset, or a logged-out one is simply unknown here.
  const claims = readToken(deps.store.tokenSecret, token, tenant.key, stored?.epoch ?? '');
  if (!claims || stored?.revoked[claims.nonce] !== undefined) return 'unknown';
  if (claims.expiresAt <= deps.clock.now()) return 'expired';
  const user = deps.store.user(tenant.key, claims.userId);
  if (!user) return 'unknown';
  return { token, session: claims, user };
}

const problemText: Record<SessionProblem, string> = {
  missing: 'Authorization: header is required (Hydrogen-r1 <token>); log in first',
  malformed: 'Authorization: must be "Hydrogen-r1 <token>"',
  unknown: 'Authorization: the token is not valid (logged out, reset, or issued for another client)',
  expired: 'Authorization: the session has expired; log in again',
};

/** Refuses the request with 401 unless it carries a live session of this tenant. */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const found = findSession(c.get('deps'), c.get('tenant'), requestHeader(c, 'authorization'));
  if (typeof found === 'string') throw new BaasError(401, problemText[found]);
  c.set('auth', found);
  await next();
};

/**
 * Starts a session: a signed token, so logging in writes nothing to disk (a restart keeps it valid, as
 * the store keeps the secret). Returns what login responses carry.
 */
export function issueSession(deps: Deps, tenantKey: string, userId: number, method: SessionMethod): { token: string; expires_in: number } {
  const now = deps.clock.now();
  const ttl = deps.options.sessionTtlSeconds;
  const claims: SessionClaims = {
    tenant: tenantKey,
    epoch: deps.store.tenant(tenantKey)?.epoch ?? '',
    userId,
    issuedAt: now,
    expiresAt: now + ttl * 1000,
    method,
    nonce: newSessionNonce(),
  };
  deps.sessions.record(claims);
  return { token: signToken(deps.store.tokenSecret, claims), expires_in: ttl };
}

/** Ends a session: its token answers 401 from now on (contract E5). */
export function revokeSession(w: Writer, auth: Authed): void {
  w.revoke(auth.session.tenant, auth.session.nonce, auth.session.expiresAt);
}
