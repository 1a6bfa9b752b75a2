import { unixSeconds } from '../clock.js';
import type { Deps, TenantRef } from '../context.js';
import { BaasError, ControlError } from '../errors.js';
import { passwordFingerprint, readEmailToken, signEmailToken, type EmailTokenClaims, type EmailTokenPurpose } from './email-tokens.js';
import { deliver } from './outbox.js';
import { hashPassword } from './passwords.js';
import { changedUser } from './users.js';

// Production's link lifetimes are not documented (contract E10); these are the mock's choice.
const VERIFY_TTL_MS = 24 * 3600 * 1000;
const RESET_TTL_MS = 3600 * 1000;

/** Mails the current user a link that verifies their email (contract E10). */
export function requestEmailVerification(deps: Deps, tenant: TenantRef, userId: number, origin: string): void {
  const user = deps.store.user(tenant.key, userId);
  if (!user) throw new BaasError(401, 'Authorization: the user of this session no longer exists');
  if (!user._email) throw new BaasError(400, 'email: the current user has no email address; set one first');
  const now = deps.clock.now();
  const claims: EmailTokenClaims = { purpose: 'verify-email', tenantKey: tenant.key, userId, email: user._email, expiresAt: now + VERIFY_TTL_MS };
  const link = `${origin}/__mock/verify-email?token=${signEmailToken(deps.platform.seed, claims)}`;
  deps.store.write((w) =>
    deliver(w, tenant.key, now, { kind: 'email', purpose: 'email-verify', to: user._email!, link, text: `Open this link to verify your email address: ${link}` }),
  );
}

/**
 * Mails a password-reset link. Only a verified email can reset a password (sdk-doc js-sdk/auth.md); an
 * unverified one is 400 as the contract recommends (E10, unconfirmed). No session is needed.
 */
export function requestPasswordReset(deps: Deps, tenant: TenantRef, email: string, origin: string): void {
  const user = deps.store.userByEmail(tenant.key, email);
  if (!user) throw new BaasError(404, `email: no user has the email ${email}`);
  if (!user._email_verified) throw new BaasError(400, `email: ${email} is not verified; only a verified email can reset a password`);
  const now = deps.clock.now();
  const claims: EmailTokenClaims = {
    purpose: 'password-reset',
    tenantKey: tenant.key,
    userId: user.id,
    email: user._email!,
    expiresAt: now + RESET_TTL_MS,
    password: passwordFingerprint(deps.store.password(tenant.key, user.id)),
  };
  const token = signEmailToken(deps.platform.seed, claims);
  const link = `${origin}/__mock/password-reset?token=${token}`;
  deps.store.write((w) =>
    deliver(w, tenant.key, now, {
      kind: 'email',
      purpose: 'password-reset',
      to: user._email!,
      code: token,
      link,
      text: `Open this link to choose a new password: ${link}`,
    }),
  );
}

export interface EmailTarget {
  tenantKey: string;
  userId: number;
  email: string;
}

/** The user a mail link is for, as long as the link is still good; a 400 that says why otherwise. */
export function checkEmailToken(deps: Deps, purpose: EmailTokenPurpose, token: string): EmailTarget {
  const claims = readEmailToken(deps.platform.seed, token);
  const bad = (why: string) => new ControlError(400, `token: ${why}`, 'Take the link from the newest mail in GET /__mock/outbox.', 'token');
  if (!claims || claims.purpose !== purpose) throw bad(`is not a ${purpose} token of this mock`);
  if (claims.expiresAt <= deps.clock.now()) throw bad('has expired');
  const user = deps.store.user(claims.tenantKey, claims.userId);
  if (!user || user._email !== claims.email) throw bad('is for an email address the user no longer has');
  if (purpose === 'password-reset' && claims.password !== passwordFingerprint(deps.store.password(claims.tenantKey, user.id))) {
    throw bad('was already used, or the password has changed since it was sent');
  }
  return { tenantKey: claims.tenantKey, userId: user.id, email: claims.email };
}

/** What opening a verification link does: the user's email becomes verified. */
export function completeEmailVerification(deps: Deps, token: string): EmailTarget {
  const target = checkEmailToken(deps, 'verify-email', token);
  const user = deps.store.user(target.tenantKey, target.userId)!;
  if (!user._email_verified) {
    deps.store.write((w) => w.putUser(target.tenantKey, changedUser(user, unixSeconds(deps.clock), { _email_verified: true })));
  }
  return target;
}

/** Sets a new password with a reset token; the token works once. */
export async function completePasswordReset(deps: Deps, token: string, password: string): Promise<EmailTarget> {
  checkEmailToken(deps, 'password-reset', token);
  const hash = await hashPassword(password, deps.options.scryptCost);
  // Checked again after hashing, with no await before the write: two resets with one token set one password.
  const target = checkEmailToken(deps, 'password-reset', token);
  deps.store.write((w) => w.putPassword(target.tenantKey, target.userId, hash));
  return target;
}
