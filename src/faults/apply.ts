import type { Next } from 'hono';
import type { AppContext } from '../context.js';
import type { FaultEngine } from './engine.js';
import { BaasError, ControlError } from '../errors.js';
import { effectToJson, FaultRuleError, parseEffect, type EffectType, type FaultEffect } from './effect-spelling.js';
import * as effects from './effects.js';
import type { FiredFault } from './journal.js';
import { readFacts, type RequestFactsWithCode } from './matcher.js';
import { CODE_EXCHANGING, isFaultOperation, type FaultOperation } from './operations.js';
import { writeRawStatus } from './raw-response.js';
import { checkEffectFits } from './rules.js';
import { requestHeader } from '../request-header.js';

/** Per-request fault, for one request only: the same spellings as rules (`X-Mock-Fault: delay:200`). */
export const FAULT_HEADER = 'x-mock-fault';

/**
 * Runs before a route's handler (from `op()`): finds the effect for this request — the X-Mock-Fault
 * header, else the first rule that fires — and applies it. Effects named in `handles` are left to the
 * handler, which reads them from `c.get('fault')`.
 */
export function applyFaults(c: AppContext, operation: string, handles: readonly EffectType[], next: Next): Promise<Response | void> {
  if (!isFaultOperation(operation)) return next();
  const engine = c.get('deps').faults;
  const header = requestHeader(c, FAULT_HEADER);
  // Most requests meet no fault: they go on without an async step of their own.
  if (!mayFault(engine, operation, header)) return next();
  return applyFaultsFound(c, operation, handles, header, CODE_EXCHANGING.includes(operation), next);
}

/**
 * Whether a fault could change this request: it names one in X-Mock-Fault, or a rule is set for its
 * operation, or, for a login that exchanges a code, for code2session. When not, the request is
 * answered as if there were no fault engine.
 */
export function mayFault(engine: FaultEngine, operation: string, header: string | undefined): boolean {
  return header !== undefined || engine.hasRulesFor(operation) || (CODE_EXCHANGING.includes(operation) && engine.hasRulesFor('code2session', true));
}

async function applyFaultsFound(
  c: AppContext,
  operation: FaultOperation,
  handles: readonly EffectType[],
  header: string | undefined,
  exchanges: boolean,
  next: Next,
): Promise<Response | void> {
  const engine = c.get('deps').faults;
  let facts: RequestFactsWithCode | undefined;
  const knownFacts = async () => (facts ??= await readFactsInto(c));

  if (header !== undefined) {
    const effect = headerEffect(header, operation);
    return applyEffect(c, operation, effect, { rule: 'header', effect: effectToJson(effect) }, handles, knownFacts, next);
  }
  const f = await knownFacts();
  const rule = engine.fire(operation, f);
  if (rule) return applyEffect(c, operation, rule.effect, { rule: rule.id, effect: effectToJson(rule.effect) }, handles, knownFacts, next);
  if (exchanges && f.code) {
    const inner = engine.fire('code2session', f, true);
    if (inner) {
      c.set('firedFault', { rule: inner.id, effect: effectToJson(inner.effect), via: 'code2session' });
      return applyInsideLogin(c, inner.effect, next);
    }
  }
  return next();
}

async function applyEffect(
  c: AppContext,
  operation: string,
  effect: FaultEffect,
  fired: FiredFault,
  handles: readonly EffectType[],
  knownFacts: () => Promise<RequestFactsWithCode>,
  next: Next,
): Promise<Response | void> {
  c.set('firedFault', fired);
  if (handles.includes(effect.type)) {
    c.set('fault', effect);
    return next();
  }
  switch (effect.type) {
    case 'delay':
      await effects.delay(effect, c.get('deps').faults.draw);
      return next();
    case 'timeout':
      return effects.hold(c, effect);
    case 'reset':
      return effects.reset(c);
    case 'malformed':
      return effects.malformed(c);
    case 'status':
      return effects.status(c, effect);
    case 'deny':
      return effects.deny(c);
    case 'errno':
      return effects.errno(c, effect);
    case '603':
      return unauthorized(c, await knownFacts());
    case '404':
      if (operation === 'silent-login' || operation === 'authenticate') return noAccount(await knownFacts());
      return effects.notFound(c);
  }
}

/**
 * A code2session rule met inside a 知晓云 login endpoint: the error number surfaces as a 400 about the
 * code, in the words the endpoint uses for a real bad code; a hang or a delay holds the login request,
 * as 知晓云 waits for the platform. Anything else is a failed platform call: 502 (our choice).
 */
async function applyInsideLogin(c: AppContext, effect: FaultEffect, next: Next): Promise<Response | void> {
  switch (effect.type) {
    case 'errno':
      throw new BaasError(400, `code: ${effects.errnoTips(effect)} (code2session err_no ${effect.errno})`);
    case 'delay':
      await effects.delay(effect, c.get('deps').faults.draw);
      return next();
    case 'timeout':
      return effects.hold(c, effect);
    default:
      throw new BaasError(502, `code2session: the open platform failed (${JSON.stringify(effectToJson(effect))})`);
  }
}

/** The "no account" answer of ByteDance login with create_user false (contract C1), whoever asks. */
function noAccount(facts: RequestFactsWithCode): never {
  throw new BaasError(404, `User not found: no user has this ByteDance account in ${facts.appName ?? 'this host app'}, and create_user is false`);
}

/**
 * HTTP status 603 from authenticate with the person's account id and openid in the body, as the
 * official docs show the refusal (contract D). Used when the route does not build the answer itself;
 * it finds an existing account only and never creates one.
 */
async function unauthorized(c: AppContext, facts: RequestFactsWithCode): Promise<Response> {
  const { store } = c.get('deps');
  const host = facts.appName && Object.hasOwn(store.data.hostApps, facts.appName) ? store.data.hostApps[facts.appName] : undefined;
  const tenant = c.get('tenant');
  const user = host && facts.openid && tenant ? store.userByIdentity(tenant.key, host.provider, facts.openid) : undefined;
  return writeRawStatus(c, 603, { code: 603, message: 'unauthorized', id: user?.id ?? null, openid: facts.openid ?? null });
}

function headerEffect(value: string, operation: string): FaultEffect {
  try {
    const trimmed = value.trim();
    const effect = parseEffect(trimmed.startsWith('{') ? JSON.parse(trimmed) : trimmed, 'X-Mock-Fault');
    checkEffectFits({ operation, effect }, 'X-Mock-Fault');
    return effect;
  } catch (err) {
    if (err instanceof FaultRuleError) throw new ControlError(400, err.message, 'X-Mock-Fault takes one effect, spelled as in --fault: 404, timeout:5000, delay:200, status:500, reset, malformed…', 'X-Mock-Fault');
    if (err instanceof SyntaxError) throw new ControlError(400, 'X-Mock-Fault: is not valid JSON', undefined, 'X-Mock-Fault');
    throw err;
  }
}

/** Reads the facts once, and keeps the person and openid for the journal unless the route names them. */
async function readFactsInto(c: AppContext): Promise<RequestFactsWithCode> {
  const facts = await readFacts(c);
  if (facts.person && c.get('person') === undefined) c.set('person', facts.person);
  if (facts.openid && c.get('openid') === undefined) c.set('openid', facts.openid);
  return facts;
}
