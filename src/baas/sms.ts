import { randomInt } from 'node:crypto';
import { unixSeconds } from '../clock.js';
import type { Deps, TenantRef } from '../context.js';
import { BaasError } from '../errors.js';
import type { Writer } from '../store/writer.js';
import { loginResponse } from './login-response.js';
import { deliver } from './outbox.js';
import { issueSession } from './sessions.js';
import { changedUser, newUserRecord } from './users.js';

/** Production does not say how long a code lasts; the mock picks 10 minutes (see docs/differences.md). */
export const SMS_CODE_TTL_MS = 10 * 60 * 1000;
// One SMS per phone per minute, at most 10 per phone per day (sdk-doc js-sdk/sms.md, contract E3).
const RESEND_AFTER_MS = 60 * 1000;
const DAILY_LIMIT = 10;
// 知晓云 apps live in China time (contract E11), so "a day" is a calendar day at +08:00.
const chinaDay = (ms: number): number => Math.floor((ms + 8 * 3600 * 1000) / (24 * 3600 * 1000));

/** Sends a 6-digit code to a phone: into the outbox, replacing any earlier code (contract E3). */
export function sendSmsCode(deps: Deps, tenant: TenantRef, phone: string): void {
  const now = deps.clock.now();
  const last = deps.store.tenant(tenant.key)?.smsCodes[phone];
  if (last && now - last.sentAt < RESEND_AFTER_MS) {
    const wait = Math.ceil((last.sentAt + RESEND_AFTER_MS - now) / 1000);
    throw new BaasError(400, `phone: a code was sent to ${phone} less than a minute ago; try again in ${wait} s`);
  }
  const sentToday = last && chinaDay(last.sentAt) === chinaDay(now) ? (last.sentToday ?? 1) : 0;
  if (sentToday >= DAILY_LIMIT) throw new BaasError(400, `phone: ${phone} has had ${DAILY_LIMIT} codes today, the daily limit`);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  deps.store.write((w) => {
    const key = w.tenant(tenant.clientId, tenant.envId);
    w.putSmsCode(key, phone, { code, sentAt: now, expiresAt: now + SMS_CODE_TTL_MS, sentToday: sentToday + 1, used: false });
    deliver(w, key, now, { kind: 'sms', purpose: 'sms-code', to: phone, code, text: `Your verification code is ${code}. It expires in 10 minutes.` });
  });
}

/**
 * Checks a code inside a write and marks it used there, so it works exactly once even when two
 * requests bring it at the same time. Wrong, expired and used codes are 400 (contract E3; the status of
 * a wrong code at SMS login is unconfirmed, 400 as recommended).
 */
export function useSmsCode(w: Writer, deps: Deps, tenantKey: string, phone: string, code: string): void {
  const sent = deps.store.tenant(tenantKey)?.smsCodes[phone];
  if (!sent) throw new BaasError(400, `code: no code was sent to ${phone}`);
  if (sent.used) throw new BaasError(400, 'code: was already used; request a new one');
  if (sent.expiresAt <= deps.clock.now()) throw new BaasError(400, 'code: has expired (codes last 10 minutes); request a new one');
  if (sent.code !== code) throw new BaasError(400, 'code: is incorrect');
  w.putSmsCode(tenantKey, phone, { ...sent, used: true });
}

/** `POST /hserve/v1.8/sms-verification-code/verify/`: checks and uses up a code. */
export function verifySmsCode(deps: Deps, tenant: TenantRef, phone: string, code: string): void {
  deps.store.write((w) => useSmsCode(w, deps, tenant.key, phone, code));
}

/**
 * Logs in with a phone and a code; the phone's user is created unless `create_user` is false, which
 * answers 404 instead (contract E3). A refused login leaves the code usable, so the app can retry with
 * `create_user: true`.
 */
export function loginWithSms(deps: Deps, tenant: TenantRef, phone: string, code: string, createUser: boolean): Record<string, unknown> {
  const { store } = deps;
  return store.write((w) => {
    const existing = store.userByPhone(tenant.key, phone);
    useSmsCode(w, deps, tenant.key, phone, code);
    if (!existing && !createUser) throw new BaasError(404, `phone: no user has the phone ${phone}, and create_user is false`);
    const now = unixSeconds(deps.clock);
    // Logging in with a code proves the phone, so the flag is set for new and existing users alike.
    const user = existing
      ? existing._phone_verified
        ? existing
        : changedUser(existing, now, { _phone_verified: true })
      : newUserRecord(w.newUserId(tenant.key), now, { _phone: phone, _phone_verified: true });
    if (user !== existing) w.putUser(tenant.key, user);
    return loginResponse(user, issueSession(deps, tenant.key, user.id, 'sms'));
  });
}

/** Marks the current user's phone verified with a code sent to it (contract E3). */
export function verifyUserPhone(deps: Deps, tenant: TenantRef, userId: number, code: string): void {
  const { store } = deps;
  store.write((w) => {
    const user = store.user(tenant.key, userId);
    if (!user) throw new BaasError(401, 'Authorization: the user of this session no longer exists');
    if (!user._phone) throw new BaasError(400, 'phone: the current user has no phone number; set one first');
    useSmsCode(w, deps, tenant.key, user._phone, code);
    if (!user._phone_verified) w.putUser(tenant.key, changedUser(user, unixSeconds(deps.clock), { _phone_verified: true }));
  });
}
