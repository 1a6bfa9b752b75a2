import { describe, expect, it } from 'vitest';
import { FaultEngine, matches, type RequestFacts } from '../../src/faults/engine.js';
import { FaultRuleError } from '../../src/faults/rules.js';
import { identitiesOf } from '../../src/openplatform/identities.js';
import { DEMO } from '../helpers.js';
import { hydrogenHeaders, liveMock, loginCode, send } from './live-mock.js';

const post: RequestFacts = { method: 'POST' };

describe('FaultEngine', () => {
  it('gives rules ids in order and lists them in the order added', () => {
    const engine = new FaultEngine({ seed: 1 });
    engine.add('login=404');
    engine.add({ id: 'mine', operation: 'logout', effect: 'reset' });
    engine.add('register=reset');
    expect(engine.list().map((r) => r.id)).toEqual(['f1', 'mine', 'f2']);
  });

  it('fires the first matching rule', () => {
    const engine = new FaultEngine({ seed: 1 });
    engine.add('login=status:500');
    engine.add('*=status:502');
    engine.add('login=status:503');
    expect(engine.fire('login', post)?.effect).toEqual({ type: 'status', status: 500 });
    expect(engine.fire('logout', post)?.effect).toEqual({ type: 'status', status: 502 });
  });

  it('stops firing a once rule after one request and keeps it listed as spent', () => {
    const engine = new FaultEngine({ seed: 1 });
    const rule = engine.add('login=404:once');
    expect(engine.fire('login', post)?.id).toBe(rule.id);
    expect(engine.fire('login', post)).toBeUndefined();
    expect(engine.get(rule.id)).toMatchObject({ remaining: 0, fired: 1 });
    expect(engine.hasRulesFor('login')).toBe(false);
  });

  it('fails twice, then lets the next rule or the real answer through', () => {
    const engine = new FaultEngine({ seed: 1 });
    engine.add('login=status:500:2');
    engine.add('login=delay:5:1');
    const fired = [1, 2, 3, 4].map(() => engine.fire('login', post)?.effect.type);
    expect(fired).toEqual(['status', 'status', 'delay', undefined]);
  });

  it('refuses a duplicate id and adds nothing from a batch with a bad rule', () => {
    const engine = new FaultEngine({ seed: 1 });
    engine.add({ id: 'a', operation: 'login', effect: '404' });
    expect(() => engine.add({ id: 'a', operation: 'login', effect: '404' })).toThrow(/id a exists/);
    expect(() => engine.addAll(['logout=reset', 'logout=nope'])).toThrow(FaultRuleError);
    expect(engine.list()).toHaveLength(1);
  });

  it('removes one rule, or every rule, or the rules aimed at one client', () => {
    const engine = new FaultEngine({ seed: 1 });
    const a = engine.add('login=404');
    engine.add({ operation: 'login', effect: '404', match: { client_id: 'c1' } });
    engine.add({ operation: 'login', effect: '404', match: { client_id: 'c2' } });
    expect(engine.remove(a.id)).toBe(true);
    expect(engine.remove(a.id)).toBe(false);
    expect(engine.clear('c1')).toBe(1);
    expect(engine.list().map((r) => r.match.clientId)).toEqual(['c2']);
    expect(engine.clear()).toBe(1);
    expect(engine.list()).toEqual([]);
  });

  it('draws the same firings from the same seed, and again after a clear', () => {
    const run = (engine: FaultEngine) => {
      engine.add('login=reset@0.5');
      return Array.from({ length: 40 }, () => (engine.fire('login', post) ? 1 : 0)).join('');
    };
    const engine = new FaultEngine({ seed: 7 });
    const first = run(engine);
    expect(run(new FaultEngine({ seed: 7 }))).toBe(first);
    engine.clear();
    expect(run(engine)).toBe(first);
    expect(first).toMatch(/1/);
    expect(first).toMatch(/0/);
    expect(run(new FaultEngine({ seed: 8 }))).not.toBe(first);
  });

  it('never fires a rule of probability 0 and does not count it', () => {
    const engine = new FaultEngine({ seed: 1 });
    const rule = engine.add({ operation: 'login', effect: '404', probability: 0, times: 1 });
    expect(engine.fire('login', post)).toBeUndefined();
    expect(engine.get(rule.id)).toMatchObject({ remaining: 1, fired: 0 });
  });

  it('leaves * rules out when asked for exact matches only', () => {
    const engine = new FaultEngine({ seed: 1 });
    engine.add('*=reset');
    expect(engine.fire('code2session', post, true)).toBeUndefined();
    expect(engine.fire('code2session', post)).toBeDefined();
  });
});

describe('matches', () => {
  const facts: RequestFacts = { method: 'POST', clientId: 'c1', appName: 'douyin', person: 'alice', openid: '_000a' };
  it.each([
    [{}, true],
    [{ clientId: 'c1' }, true],
    [{ clientId: 'c2' }, false],
    [{ appName: 'douyin' }, true],
    [{ appName: 'toutiao' }, false],
    [{ person: 'alice' }, true],
    [{ person: 'bob' }, false],
    [{ openid: '_000a' }, true],
    [{ openid: '_000b' }, false],
    [{ method: 'POST' }, true],
    [{ method: 'GET' }, false],
    [{ person: 'alice', appName: 'toutiao' }, false],
  ])('match %j is %s', (match, expected) => {
    expect(matches(match, facts)).toBe(expected);
  });

  it('never matches a fact the request does not reveal', () => {
    expect(matches({ person: 'alice' }, { method: 'POST' })).toBe(false);
  });
});

describe('rule matching on requests', () => {
  const live = liveMock();
  const silentLogin = (code: string, appName = 'douyin', clientId: string = DEMO.clientId) =>
    send(live.get(), 'POST', '/hserve/v2.5/idp/bytedance/silent-login/', { code, app_name: appName }, hydrogenHeaders({ 'X-Hydrogen-Client-ID': clientId }));

  it('matches the person behind the code of a login request', async () => {
    const mock = live.get();
    mock.faults.add({ operation: 'silent-login', match: { person: 'alice' }, effect: 'status:500' });
    expect((await silentLogin(await loginCode(mock, 'alice'))).status).toBe(500);
    expect((await silentLogin(await loginCode(mock, 'bob'))).status).toBe(201);
  });

  it('matches the openid of the person in the host app of the code', async () => {
    const mock = live.get();
    const { openid } = identitiesOf(mock.platform.seed, { appid: DEMO.appid, host: 'toutiao', person: 'alice', developer: 'demo-developer' });
    mock.faults.add({ operation: 'silent-login', match: { openid }, effect: 'status:500' });
    expect((await silentLogin(await loginCode(mock, 'alice', 'douyin'))).status).toBe(201);
    expect((await silentLogin(await loginCode(mock, 'alice', 'toutiao'), 'toutiao')).status).toBe(500);
  });

  it('matches the app_name and the client ID of a request', async () => {
    const mock = live.get();
    mock.faults.add({ operation: 'server-time', match: { client_id: 'otherclient01' }, effect: 'status:500' });
    mock.faults.add({ operation: 'silent-login', match: { app_name: 'toutiao' }, effect: 'status:501' });
    const time = (clientId: string) => send(mock, 'GET', '/hserve/v2.2/server/time/', undefined, hydrogenHeaders({ 'X-Hydrogen-Client-ID': clientId }));
    expect((await time('otherclient01')).status).toBe(500);
    expect((await time(DEMO.clientId)).status).toBe(200);
    expect((await silentLogin(await loginCode(mock, 'alice', 'toutiao'), 'toutiao')).status).toBe(501);
    expect((await silentLogin(await loginCode(mock, 'alice', 'douyin'))).status).toBe(201);
  });

  it('matches the client and person named in a fake tt call', async () => {
    const mock = live.get();
    mock.faults.add({ operation: 'tt.login', match: { client_id: DEMO.clientId, person: 'bob' }, effect: 'status:500' });
    const ttLogin = (person: string) => send(mock, 'POST', '/__mock/bytedance/login', { client_id: DEMO.clientId, person, host: 'douyin' });
    expect((await ttLogin('bob')).status).toBe(500);
    expect((await ttLogin('alice')).status).toBe(200);
  });

  it('matches the method: the v2 POST and the legacy GET of code2session', async () => {
    const mock = live.get();
    mock.faults.add({ operation: 'code2session', match: { method: 'get' }, effect: 'errno:-1' });
    const legacy = await (await send(mock, 'GET', `/api/apps/jscode2session?appid=${DEMO.appid}&secret=${DEMO.secret}&code=nope`)).json();
    expect(legacy.errcode).toBe(-1);
    const v2 = await (await send(mock, 'POST', '/api/apps/v2/jscode2session', { appid: DEMO.appid, secret: DEMO.secret, code: 'nope' })).json();
    expect(v2.err_no).toBe(40018);
  });

  it('fails twice, then succeeds, on the wire', async () => {
    const mock = live.get();
    mock.faults.add('server-time=status:503:2');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(mock, 'GET', '/hserve/v2.2/server/time/', undefined, hydrogenHeaders())).status);
    expect(statuses).toEqual([503, 503, 200]);
  });
});
