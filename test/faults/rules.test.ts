import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROL_OPERATIONS, faultOperationNames } from '../../src/faults/operations.js';
import { FaultRuleError, parseEffect, parseRule, ruleToJson, type FaultEffect } from '../../src/faults/rules.js';

const problem = (fn: () => unknown): FaultRuleError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof FaultRuleError) return err;
    throw err;
  }
  throw new Error('expected a FaultRuleError');
};

describe('parseEffect', () => {
  it.each<[string, FaultEffect]>([
    ['404', { type: '404' }],
    ['603', { type: '603' }],
    ['deny', { type: 'deny' }],
    ['timeout', { type: 'timeout', ms: 60_000 }],
    ['timeout:5000', { type: 'timeout', ms: 5000 }],
    ['timeout:5s', { type: 'timeout', ms: 5000 }],
    ['delay:200', { type: 'delay', min: 200, max: 200 }],
    ['delay:100..400', { type: 'delay', min: 100, max: 400 }],
    ['status:500', { type: 'status', status: 500 }],
    ['reset', { type: 'reset' }],
    ['malformed', { type: 'malformed' }],
    ['errno:40018', { type: 'errno', errno: 40018 }],
    ['errno:-1', { type: 'errno', errno: -1 }],
  ])('reads the spelling %s', (spelling, effect) => {
    expect(parseEffect(spelling)).toEqual(effect);
  });

  it.each<[Record<string, unknown>, FaultEffect]>([
    [{ type: 'status', status: 500, body: { a: 1 } }, { type: 'status', status: 500, body: { a: 1 } }],
    [{ status: 418 }, { type: 'status', status: 418 }],
    [{ type: 'timeout', ms: 150 }, { type: 'timeout', ms: 150 }],
    [{ type: 'timeout' }, { type: 'timeout', ms: 60_000 }],
    [{ type: 'delay', ms: 20 }, { type: 'delay', min: 20, max: 20 }],
    [{ type: 'delay', min: 5, max: 9 }, { type: 'delay', min: 5, max: 9 }],
    [{ type: 'errno', errno: 40019, tips: 'bad acode' }, { type: 'errno', errno: 40019, tips: 'bad acode' }],
    [{ type: 'deny' }, { type: 'deny' }],
  ])('reads the object form %j', (object, effect) => {
    expect(parseEffect(object)).toEqual(effect);
  });

  it.each([
    ['explode', 'effect', 'unknown effect "explode"'],
    ['delay', 'effect', 'delay needs a duration'],
    ['delay:400..100', 'effect', 'runs backwards'],
    ['delay:abc', 'effect', 'is not a duration'],
    ['status:99', 'effect', 'out of range 200..999'],
    ['status:1000', 'effect', 'out of range 200..999'],
    ['status', 'effect', 'status needs a code'],
    ['errno:0', 'effect', 'errno 0 is success'],
    ['errno:x', 'effect', 'errno needs a number'],
    ['timeout:0', 'effect', 'out of range'],
    ['404:once', 'effect', 'a times count belongs only in operation=effect[:times]'],
  ])('refuses %s naming the field', (spelling, field, message) => {
    const err = problem(() => parseEffect(spelling));
    expect(err.field).toBe(field);
    expect(err.message).toContain(message);
  });

  it.each([
    [{ type: 'nope' }, 'effect.type'],
    [{ type: 'status', status: 'x' }, 'effect.status'],
    [{ type: 'timeout', ms: -1 }, 'effect.ms'],
    [{ type: 'reset', ms: 5 }, 'effect.ms'],
    [{ type: 'delay', ms: 5, min: 1 }, 'effect.ms'],
    [{ type: 'errno', errno: 1.5 }, 'effect.errno'],
  ])('refuses the object %j naming %s', (object, field) => {
    expect(problem(() => parseEffect(object)).field).toBe(field);
  });
});

describe('parseRule', () => {
  it('reads the flag spelling with its times', () => {
    expect(parseRule('authenticate=603:once')).toEqual({ operation: 'authenticate', match: {}, effect: { type: '603' }, times: 1, probability: 1 });
    expect(parseRule('silent-login=404')).toMatchObject({ times: null });
    expect(parseRule('code2session=timeout:once')).toMatchObject({ effect: { type: 'timeout', ms: 60_000 }, times: 1 });
    expect(parseRule('code2session=timeout:5000:3')).toMatchObject({ effect: { type: 'timeout', ms: 5000 }, times: 3 });
    expect(parseRule('*=delay:100..400:twice@0.25')).toMatchObject({ operation: '*', times: 2, probability: 0.25 });
    expect(parseRule('login=reset@50%')).toMatchObject({ probability: 0.5 });
  });

  it('reads the JSON form with match fields', () => {
    const rule = parseRule({
      operation: 'silent-login',
      match: { client_id: 'c1', app_name: 'douyin', person: 'alice', openid: '_000x', method: 'post' },
      effect: 'status:500',
      times: 2,
      probability: 0.5,
      id: 'slow',
      description: 'why',
    });
    expect(rule).toEqual({
      id: 'slow',
      operation: 'silent-login',
      match: { clientId: 'c1', appName: 'douyin', person: 'alice', openid: '_000x', method: 'POST' },
      effect: { type: 'status', status: 500 },
      times: 2,
      probability: 0.5,
      description: 'why',
    });
  });

  it('takes op as another name for operation', () => {
    expect(parseRule({ op: 'logout', effect: 'reset' }).operation).toBe('logout');
  });

  it('lists the known operations when the operation is unknown', () => {
    const err = problem(() => parseRule({ operation: 'silentlogin', effect: '404' }));
    expect(err.field).toBe('operation');
    expect(err.message).toContain('unknown operation "silentlogin"');
    expect(err.message).toContain('silent-login, authenticate');
  });

  it.each([
    [{ effect: '404' }, 'operation'],
    [{ operation: 'login' }, 'effect'],
    [{ operation: 'login', effect: '404', times: 0 }, 'times'],
    [{ operation: 'login', effect: '404', times: 1.5 }, 'times'],
    [{ operation: 'login', effect: '404', times: 'thrice' }, 'times'],
    [{ operation: 'login', effect: '404', probability: 1.5 }, 'probability'],
    [{ operation: 'login', effect: '404', probability: -0.1 }, 'probability'],
    [{ operation: 'login', effect: '404', match: { person: 3 } }, 'match.person'],
    [{ operation: 'login', effect: '404', match: { host: 'douyin' } }, 'match.host'],
    [{ operation: 'login', effect: '404', colour: 'red' }, 'colour'],
    [{ operation: 'login', effect: '404', id: 'has space' }, 'id'],
    [{ operation: 'login', op: 'logout', effect: '404' }, 'op'],
  ])('refuses %j naming %s', (input, field) => {
    expect(problem(() => parseRule(input)).field).toBe(field);
  });

  it('prefixes fields with where the rule sits', () => {
    expect(problem(() => parseRule({ operation: 'login', effect: 'nope' }, 'rules[3]')).field).toBe('rules[3].effect');
  });

  it.each([
    ['silent-login=603', '603 applies only to authenticate'],
    ['*=deny', 'deny applies only to tt.getUserInfo, not every operation (*)'],
    ['login=errno:40018', 'errno applies only to code2session'],
  ])('refuses %s, an effect its operation cannot give', (spelling, message) => {
    expect(problem(() => parseRule(spelling)).message).toContain(message);
  });

  it.each(['silent-login', 'silent-login=', 'silent-login=404:1:2'])('refuses the malformed spelling %s', (spelling) => {
    expect(() => parseRule(spelling)).toThrow(FaultRuleError);
  });

  it('writes a rule back in a form it reads again', () => {
    for (const input of ['silent-login=404:once', 'code2session=timeout:5000', '*=delay:1..9@0.5', 'code2session=errno:-1']) {
      const rule = parseRule(input);
      expect(parseRule(ruleToJson(rule))).toEqual(rule);
    }
    const detailed = parseRule({ operation: 'login', effect: { type: 'status', status: 500, body: [1] }, match: { person: 'bob' } });
    expect(parseRule(ruleToJson(detailed))).toEqual(detailed);
  });
});

describe('operation names', () => {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/\bop\('([^']+)'/g)) names.add(m[1]!);
    }
  };
  walk('src');

  it('lists every name a route gives itself, as a fault operation or a control operation', () => {
    const known = new Set<string>([...faultOperationNames(), ...CONTROL_OPERATIONS]);
    expect([...names].filter((n) => !known.has(n))).toEqual([]);
  });

  it('are the operations the scenario schema allows', () => {
    const schema = JSON.parse(readFileSync('fixtures/scenarios/scenario.schema.json', 'utf8'));
    expect(schema.$defs.operation.enum).toEqual(['*', ...faultOperationNames()]);
  });
});
