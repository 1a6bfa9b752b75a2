import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Authed, Deps, TenantRef } from '../context.js';
import { BaasError } from '../errors.js';
import { newSessionToken } from '../ids.js';
import type { Writer } from '../store/store.js';

const PREFIX = 'Hydrogen-r1 ';

export type SessionProblem = 'missing' | 'malformed' | 'unknown' | 'expired';

/** Reads `Authorization: Hydrogen-r1 <token>` and finds a live session of this tenant. */
export function findSession(deps: Deps, tenant: TenantRef, header: string | undefined): Authed | SessionProblem {
  if (!header) return 'missing';
  if (!header.startsWith(PREFIX)) return 'malformed';
  const token = header.slice(PREFIX.length).trim();
  if (!token) return 'malformed';
  // Sessions are looked up in this tenant only, so another client's token is simply unknown here.
  const session = deps.store.tenant(tenant.key)?.sessions[token];
  if (!session) return 'unknown';
  if (session.expiresAt <= deps.clock.now()) return 'expired';
  const user = deps.store.user(tenant.key, session.userId);
  if (!user) return 'unknown';
  return { token, session, user };
}

const problemText: Record<SessionProblem, string> = {
  missing: 'Authorization: header is required (Hydrogen-r1 <token>); log in first',
  malformed: 'Authorization: must be "Hydrogen-r1 <token>"',
  unknown: 'Authorization: the token is not valid (logged out, reset, or issued for another client)',
  expired: 'Authorization: the session has expired; log in again',
};

/** Sets `auth` to the session of the request, or null. A stale header never fails a request here. */
export const readSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const found = findSession(c.var.deps, c.var.tenant, c.req.header('authorization'));
  c.set('auth', typeof found === 'string' ? null : found);
  await next();
};

/** Refuses the request with 401 unless it carries a live session of this tenant. */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const found = findSession(c.var.deps, c.var.tenant, c.req.header('authorization'));
  if (typeof found === 'string') throw new BaasError(401, problemText[found]);
  c.set('auth', found);
  await next();
};

/** Starts a session for a user inside a store write; returns what login responses carry. */
export function issueSession(
  w: Writer,
  deps: Deps,
  tenantKey: string,
  userId: number,
  method: string,
): { token: string; expires_in: number } {
  const token = newSessionToken();
  const now = deps.clock.now();
  const ttl = deps.options.sessionTtlSeconds;
  w.putSession(tenantKey, token, { userId, createdAt: now, expiresAt: now + ttl * 1000, method });
  return { token, expires_in: ttl };
}
