/** A bad rule, scenario or X-Mock-Fault value; `field` names what is wrong (`effect`, `rules[2].times`). */
export class FaultRuleError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
  }
}

/** What a rule does to the request it fires on. */
export type FaultEffect =
  /** The endpoint's own "no account" answer (login endpoints), else a plain 404. */
  | { type: '404' }
  /** authenticate answers HTTP status 603 with the person's id and openid (contract D). */
  | { type: '603' }
  /** tt.getUserInfo fails as when the person refuses authorization (contract A6, D). */
  | { type: 'deny' }
  | { type: 'timeout'; ms: number }
  | { type: 'delay'; min: number; max: number }
  | { type: 'status'; status: number; body?: unknown }
  | { type: 'reset' }
  | { type: 'malformed' }
  /** A code2session error number (contract A2/A3). */
  | { type: 'errno'; errno: number; tips?: string };

export type EffectType = FaultEffect['type'];

export const EFFECT_TYPES: readonly EffectType[] = ['404', '603', 'deny', 'timeout', 'delay', 'status', 'reset', 'malformed', 'errno'];

/** The platform's own bound on a request (tt.request: at most 60 s, contract A8). */
export const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_MS = 10 * 60_000;

const SPELLINGS = '404, 603, deny, timeout, timeout:<ms>, delay:<ms>, delay:<min>..<max>, status:<code>, reset, malformed, errno:<n>';
const NO_PARAM = new Set<string>(['404', '603', 'deny', 'reset', 'malformed']);

/**
 * Reads an effect from its spelling (`"delay:100..400"`) or its object form
 * (`{"type": "status", "status": 500, "body": {...}}`).
 */
export function parseEffect(input: unknown, field = 'effect'): FaultEffect {
  if (typeof input === 'string') {
    const { effect, rest } = readEffectSpelling(input, field);
    if (rest.length > 0) throw new FaultRuleError(field, `"${input}": unexpected ":${rest.join(':')}" (a times count belongs only in operation=effect[:times])`);
    return effect;
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return effectFromObject(input as Record<string, unknown>, field);
  throw new FaultRuleError(field, `must be a string (${SPELLINGS}) or an object with a type`);
}

/** Reads the effect at the start of `a:b:c`; returns the parts it did not use (the rule's `times`). */
export function readEffectSpelling(text: string, field: string): { effect: FaultEffect; rest: string[] } {
  const [head = '', ...parts] = text.trim().split(':');
  const bad = (problem: string) => new FaultRuleError(field, problem);
  if (NO_PARAM.has(head)) return { effect: { type: head } as FaultEffect, rest: parts };
  const param = parts[0];
  switch (head) {
    case 'timeout':
      // A number right after `timeout` is its bound; `timeout:once` keeps the default bound.
      if (param !== undefined && /^\d/.test(param)) return { effect: { type: 'timeout', ms: duration(param, field, 1) }, rest: parts.slice(1) };
      return { effect: { type: 'timeout', ms: DEFAULT_TIMEOUT_MS }, rest: parts };
    case 'delay': {
      if (param === undefined || param === '') throw bad('delay needs a duration: delay:<ms> or delay:<min>..<max>');
      const [lo = '', hi, extra] = param.split('..');
      if (extra !== undefined) throw bad(`delay: "${param}" is not <ms> or <min>..<max>`);
      const min = duration(lo, field, 0);
      const max = hi === undefined ? min : duration(hi, field, 0);
      if (max < min) throw bad(`delay: the range ${param} runs backwards`);
      return { effect: { type: 'delay', min, max }, rest: parts.slice(1) };
    }
    case 'status':
      if (param === undefined || !/^\d+$/.test(param)) throw bad('status needs a code: status:<code>, e.g. status:500');
      return { effect: { type: 'status', status: statusCode(Number(param), field) }, rest: parts.slice(1) };
    case 'errno':
      if (param === undefined || !/^-?\d+$/.test(param)) throw bad('errno needs a number: errno:<n>, e.g. errno:40018');
      return { effect: { type: 'errno', errno: errNo(Number(param), field) }, rest: parts.slice(1) };
    default:
      throw bad(`unknown effect "${head}"; one of ${SPELLINGS}`);
  }
}

function effectFromObject(o: Record<string, unknown>, field: string): FaultEffect {
  const type = o.type ?? (o.status !== undefined ? 'status' : undefined);
  if (typeof type !== 'string' || !(EFFECT_TYPES as readonly string[]).includes(type)) {
    throw new FaultRuleError(`${field}.type`, `must be one of ${EFFECT_TYPES.join(', ')}`);
  }
  const allowed: Record<EffectType, string[]> = {
    '404': [], '603': [], deny: [], reset: [], malformed: [],
    timeout: ['ms'], delay: ['ms', 'min', 'max'], status: ['status', 'body'], errno: ['errno', 'tips'],
  };
  for (const key of Object.keys(o)) {
    if (key !== 'type' && !allowed[type as EffectType].includes(key)) {
      throw new FaultRuleError(`${field}.${key}`, `is not a field of a ${type} effect${allowed[type as EffectType].length ? ` (fields: ${allowed[type as EffectType].join(', ')})` : ''}`);
    }
  }
  const num = (key: string, min: number): number => {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_MS) throw new FaultRuleError(`${field}.${key}`, `must be a whole number of milliseconds from ${min} to ${MAX_MS}`);
    return v;
  };
  switch (type as EffectType) {
    case 'timeout':
      return { type: 'timeout', ms: o.ms === undefined ? DEFAULT_TIMEOUT_MS : num('ms', 1) };
    case 'delay': {
      if (o.ms !== undefined) {
        if (o.min !== undefined || o.max !== undefined) throw new FaultRuleError(`${field}.ms`, 'give ms, or min and max, not both');
        const ms = num('ms', 0);
        return { type: 'delay', min: ms, max: ms };
      }
      const min = num('min', 0);
      const max = num('max', 0);
      if (max < min) throw new FaultRuleError(`${field}.max`, 'must not be less than min');
      return { type: 'delay', min, max };
    }
    case 'status': {
      const status = o.status;
      if (typeof status !== 'number' || !Number.isInteger(status)) throw new FaultRuleError(`${field}.status`, 'must be a whole number from 200 to 999');
      statusCode(status, `${field}.status`);
      return o.body === undefined ? { type: 'status', status } : { type: 'status', status, body: o.body };
    }
    case 'errno': {
      const n = o.errno;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw new FaultRuleError(`${field}.errno`, 'must be a whole number other than 0');
      if (o.tips !== undefined && typeof o.tips !== 'string') throw new FaultRuleError(`${field}.tips`, 'must be a string');
      return o.tips === undefined ? { type: 'errno', errno: errNo(n, `${field}.errno`) } : { type: 'errno', errno: errNo(n, `${field}.errno`), tips: o.tips };
    }
    default:
      return { type } as FaultEffect;
  }
}

function duration(text: string, field: string, min: number): number {
  const m = /^(\d+)(ms|s)?$/.exec(text);
  if (!m) throw new FaultRuleError(field, `"${text}" is not a duration (milliseconds, or with ms / s)`);
  const ms = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  if (ms < min || ms > MAX_MS) throw new FaultRuleError(field, `duration ${text} is out of range ${min}..${MAX_MS} ms`);
  return ms;
}

// 1xx would be read as an interim answer, not the response; above 999 Node cannot send it.
function statusCode(n: number, field: string): number {
  if (n < 200 || n > 999) throw new FaultRuleError(field, `status ${n} is out of range 200..999`);
  return n;
}

function errNo(n: number, field: string): number {
  if (n === 0) throw new FaultRuleError(field, 'errno 0 is success, not an error');
  return n;
}

/** The shortest way to write an effect back: the spelling when there is one, else the object. */
export function effectToJson(e: FaultEffect): string | Record<string, unknown> {
  switch (e.type) {
    case 'timeout':
      return e.ms === DEFAULT_TIMEOUT_MS ? 'timeout' : `timeout:${e.ms}`;
    case 'delay':
      return e.min === e.max ? `delay:${e.min}` : `delay:${e.min}..${e.max}`;
    case 'status':
      return e.body === undefined ? `status:${e.status}` : { type: 'status', status: e.status, body: e.body };
    case 'errno':
      return e.tips === undefined ? `errno:${e.errno}` : { type: 'errno', errno: e.errno, tips: e.tips };
    default:
      return e.type;
  }
}
