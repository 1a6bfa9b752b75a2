import { STATUS_CODES } from 'node:http';
import type { AppContext } from '../context.js';
import { newLogId } from '../ids.js';
import { ERR } from '../openplatform/error-codes.js';
import type { FaultEffect } from './effect-spelling.js';
import { dropConnection, writeRawStatus } from './raw-response.js';

type Effect<T extends FaultEffect['type']> = Extract<FaultEffect, { type: T }>;

/** Waits the effect's time (a point in a min..max range drawn from the engine's seeded generator). */
export async function delay(effect: Effect<'delay'>, draw: () => number): Promise<void> {
  const ms = effect.min + Math.round((effect.max - effect.min) * (effect.max > effect.min ? draw() : 0));
  await sleepAtLeast(ms);
}

/**
 * Never answers: holds the request until the bound, then closes the connection, as a platform that
 * hangs does to a client whose own timeout is longer. Stops early if the client or the server goes away.
 */
export async function hold(c: AppContext, effect: Effect<'timeout'>): Promise<Response> {
  const outgoing = c.env?.outgoing;
  if (!outgoing) {
    await sleepAtLeast(effect.ms);
    return dropConnection(c, 'timeout', effect.ms);
  }
  const { faults } = c.get('deps');
  if (!outgoing.destroyed) {
    await sleepAtLeast(effect.ms, (wake) => {
      outgoing.once('close', wake);
      const release = faults.onRelease(wake);
      return () => {
        outgoing.off('close', wake);
        release();
      };
    });
  }
  return dropConnection(c, 'timeout', effect.ms);
}

/** Destroys the socket: the client sees a reset connection (601 in the ByteDance SDK, contract B7). */
export const reset = (c: AppContext): Response => dropConnection(c, 'reset');

/** A 200 that claims JSON and is not. */
export const malformed = (c: AppContext): Response =>
  c.body('{"broken":', 200, { 'content-type': 'application/json; charset=UTF-8' });

/** Any status, with the rule's body or a 知晓云-shaped error naming the status (contract B6). */
export function status(c: AppContext, effect: Effect<'status'>): Response | Promise<Response> {
  const s = effect.status;
  if (s === 204 || s === 205 || s === 304) return c.body(null, s);
  const body = effect.body !== undefined ? effect.body : { status: 'error', error_msg: STATUS_CODES[s] ?? `status ${s}` };
  if (s > 599) return writeRawStatus(c, s, body);
  return c.json(body as object, s as 200);
}

/**
 * The person refuses authorization in tt.getUserInfo. errMsg follows the contract's recommendation
 * (A6, unconfirmed); errNo 10200 and HTTP 403 are the mock's choices, read by the fake `tt`.
 */
export const deny = (c: AppContext): Response =>
  c.json({ errMsg: 'getUserInfo:fail auth deny', errNo: 10200 }, 403);

/** A code2session error number, in the envelope of the endpoint asked: v2 (POST) or legacy (GET). */
export function errno(c: AppContext, effect: Effect<'errno'>): Response {
  const tips = errnoTips(effect);
  if (c.req.method === 'GET') return c.json({ error: 1, errcode: effect.errno, errmsg: tips });
  return c.json({ err_no: effect.errno, err_tips: tips, log_id: newLogId(c.get('deps').clock.now()), data: {} });
}

export function errnoTips(effect: Effect<'errno'>): string {
  return effect.tips ?? Object.values(ERR).find((e) => e.errNo === effect.errno)?.tips ?? 'error';
}

/** 404 for an operation that has no "no account" answer of its own. */
export const notFound = (c: AppContext): Response => c.json({ status: 'error', error_msg: 'Not found.' }, 404);

/** Resolves once `ms` have passed by the monotonic clock, or as soon as `cancel` wakes it. */
async function sleepAtLeast(ms: number, cancel?: (wake: () => void) => () => void): Promise<void> {
  const deadline = performance.now() + ms;
  let cancelled = false;
  let wake = () => {};
  const detach = cancel?.(() => {
    cancelled = true;
    wake();
  });
  try {
    // Timers may fire a little early against performance.now(): wait again for what is left.
    while (!cancelled) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.ceil(left));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    detach?.();
  }
}
