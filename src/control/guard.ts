import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { ControlError } from '../errors.js';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

export const isLoopback = (address: string): boolean => LOOPBACK.test(address);

/**
 * The control API steers the whole mock. Without a control token only this machine may use it; with
 * one, any caller presenting it may, and no one else, loopback included (so a token also guards a mock
 * shared on one machine). A request made in process (`app.request()`, no socket) counts as local. A
 * browser page from another origin is refused too: being on loopback does not make a cross-site request
 * the developer's own.
 */
export const controlGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = c.get('deps').options.controlToken;
  if (token !== null) {
    if (!bearerMatches(c.req.header('authorization'), token)) {
      throw new ControlError(403, 'the control API needs the control token', 'Send Authorization: Bearer <token>, the value given to --control-token.');
    }
  } else {
    const remote = c.env?.incoming?.socket?.remoteAddress;
    if (remote !== undefined && !isLoopback(remote)) {
      throw new ControlError(403, `the control API answers only callers on this machine, not ${remote}`, 'Call it from the machine the mock runs on, or start the mock with --control-token.');
    }
  }
  if (c.req.header('sec-fetch-site') === 'cross-site' || !sameOrigin(c.req.header('origin'), c.req.header('host'))) {
    throw new ControlError(403, 'the control API refuses requests from other web origins', 'Use the dashboard served by the mock itself, curl, or the programmatic API.');
  }
  await next();
};

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return match !== null && sameSecret(match[1]!, token);
}

/** Compares a secret in constant time, so its length and content cannot be guessed from timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
