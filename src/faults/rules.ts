import { effectToJson, FaultRuleError, parseEffect, readEffectSpelling, type FaultEffect } from './effect-spelling.js';
import { ANY_OPERATION, faultOperationNames, isFaultOperation } from './operations.js';

export { effectToJson, FaultRuleError, parseEffect, type FaultEffect } from './effect-spelling.js';

/** Which requests a rule applies to; every field given must match. */
export interface RuleMatch {
  clientId?: string;
  appName?: string;
  person?: string;
  openid?: string;
  method?: string;
}

/** A rule as parsed, before the engine gives it an id. */
export interface FaultRuleSpec {
  id?: string;
  operation: string;
  match: RuleMatch;
  effect: FaultEffect;
  /** How many times it fires; null: every time. */
  times: number | null;
  /** Chance of firing on a matching request, 0..1, drawn from the engine's seeded generator. */
  probability: number;
  description?: string;
}

/** The JSON form of a rule: scenario files, POST /__mock/faults, `mock.faults.add()`. */
export interface FaultRuleJson {
  id?: string;
  operation?: string;
  /** Same as `operation`. */
  op?: string;
  match?: { client_id?: string; app_name?: string; person?: string; openid?: string; method?: string };
  /** A spelling (`"404"`, `"delay:100..400"`, `"errno:40018"`) or an object (`{"type": "status", "status": 500, "body": {}}`). */
  effect: string | Record<string, unknown>;
  /** A count, `"once"`, `"twice"`, or null / `"always"` (the default). */
  times?: number | string | null;
  probability?: number;
  description?: string;
}

/** A rule in JSON, or in the flag's spelling `operation=effect[:times][@probability]`. */
export type FaultRuleInput = string | FaultRuleJson;

const MATCH_FIELDS = { client_id: 'clientId', app_name: 'appName', person: 'person', openid: 'openid', method: 'method' } as const;
const RULE_FIELDS = ['id', 'operation', 'op', 'match', 'effect', 'times', 'probability', 'description'];
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Reads one rule from either form; every problem is a FaultRuleError naming the field. */
export function parseRule(input: unknown, field = ''): FaultRuleSpec {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  if (typeof input === 'string') return parseRuleSpelling(input, field || 'rule');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultRuleError(field || 'rule', 'must be an object {operation, effect, ...} or a string operation=effect[:times]');
  }
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!RULE_FIELDS.includes(key)) throw new FaultRuleError(at(key), `is not a rule field (fields: ${RULE_FIELDS.filter((f) => f !== 'op').join(', ')})`);
  }
  if (o.operation !== undefined && o.op !== undefined && o.operation !== o.op) throw new FaultRuleError(at('op'), 'differs from operation; give one of them');
  const operation = readOperation(o.operation ?? o.op, at('operation'));
  if (o.effect === undefined) throw new FaultRuleError(at('effect'), 'is required');
  const effect = parseEffect(o.effect, at('effect'));
  const spec: FaultRuleSpec = {
    operation,
    match: readMatch(o.match, at('match')),
    effect,
    times: readTimes(o.times, at('times')),
    probability: readProbability(o.probability, at('probability')),
  };
  if (o.id !== undefined) {
    if (typeof o.id !== 'string' || !ID.test(o.id)) throw new FaultRuleError(at('id'), 'must be 1 to 64 letters, digits, _ . or -');
    spec.id = o.id;
  }
  if (o.description !== undefined) {
    if (typeof o.description !== 'string') throw new FaultRuleError(at('description'), 'must be a string');
    spec.description = o.description;
  }
  checkEffectFits(spec, at('effect'));
  return spec;
}

/** `silent-login=404`, `authenticate=603:once`, `code2session=errno:40018:2@0.5`. */
export function parseRuleSpelling(text: string, field = 'rule'): FaultRuleSpec {
  const eq = text.indexOf('=');
  if (eq < 0) throw new FaultRuleError(field, `"${text}" is not operation=effect[:times], e.g. silent-login=404 or authenticate=603:once`);
  const operation = readOperation(text.slice(0, eq).trim(), field);
  let rest = text.slice(eq + 1).trim();
  let probability = 1;
  const atSign = rest.lastIndexOf('@');
  if (atSign >= 0) {
    probability = readProbability(rest.slice(atSign + 1), field);
    rest = rest.slice(0, atSign);
  }
  const { effect, rest: after } = readEffectSpelling(rest, field);
  if (after.length > 1) throw new FaultRuleError(field, `"${text}": too many ":" parts; the spelling is operation=effect[:times][@probability]`);
  const spec: FaultRuleSpec = { operation, match: {}, effect, times: readTimes(after[0], field), probability };
  checkEffectFits(spec, field);
  return spec;
}

function readOperation(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw new FaultRuleError(field, `is required: * or one of ${faultOperationNames().join(', ')}`);
  if (v !== ANY_OPERATION && !isFaultOperation(v)) throw new FaultRuleError(field, `unknown operation "${v}"; use * or one of ${faultOperationNames().join(', ')}`);
  return v;
}

function readMatch(v: unknown, field: string): RuleMatch {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new FaultRuleError(field, 'must be an object');
  const match: RuleMatch = {};
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
    if (!Object.hasOwn(MATCH_FIELDS, key)) throw new FaultRuleError(`${field}.${key}`, `is not a match field (fields: ${Object.keys(MATCH_FIELDS).join(', ')})`);
    if (typeof value !== 'string' || value === '') throw new FaultRuleError(`${field}.${key}`, 'must be a non-empty string');
    match[MATCH_FIELDS[key as keyof typeof MATCH_FIELDS]] = key === 'method' ? value.toUpperCase() : value;
  }
  return match;
}

export function readTimes(v: unknown, field: string): number | null {
  if (v === undefined || v === null || v === 'always') return null;
  if (v === 'once') return 1;
  if (v === 'twice') return 2;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1_000_000) {
    throw new FaultRuleError(field, `times must be a whole number from 1 to 1000000, once, twice or always; got ${JSON.stringify(v)}`);
  }
  return n;
}

function readProbability(v: unknown, field: string): number {
  if (v === undefined) return 1;
  let n = v;
  if (typeof v === 'string') n = /%$/.test(v) ? Number(v.slice(0, -1)) / 100 : v.trim() === '' ? NaN : Number(v);
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new FaultRuleError(field, `probability must be a number from 0 to 1 (or a percentage); got ${JSON.stringify(v)}`);
  }
  return n;
}

/** Effects that only one endpoint can give (contract A2, A6, D); everything else fits anywhere. */
const ONLY_ON: Partial<Record<FaultEffect['type'], string>> = { '603': 'authenticate', deny: 'tt.getUserInfo', errno: 'code2session' };

export function checkEffectFits(spec: { operation: string; effect: FaultEffect }, field: string): void {
  const only = ONLY_ON[spec.effect.type];
  if (only && spec.operation !== only) {
    throw new FaultRuleError(field, `${spec.effect.type} applies only to ${only}, not ${spec.operation === ANY_OPERATION ? 'every operation (*)' : spec.operation}`);
  }
}

/** The JSON form of a parsed rule, as GET /__mock/faults shows it and POST takes it back. */
export function ruleToJson(spec: FaultRuleSpec): FaultRuleJson & { operation: string; times: number | null; probability: number } {
  const match: NonNullable<FaultRuleJson['match']> = {};
  for (const [wire, key] of Object.entries(MATCH_FIELDS)) {
    const value = spec.match[key];
    if (value !== undefined) match[wire as keyof typeof MATCH_FIELDS] = value;
  }
  return {
    ...(spec.id ? { id: spec.id } : {}),
    operation: spec.operation,
    match,
    effect: effectToJson(spec.effect),
    times: spec.times,
    probability: spec.probability,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
  };
}
