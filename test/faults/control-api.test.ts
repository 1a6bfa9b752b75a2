import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers.js';
import { hydrogenHeaders, liveMock, loginCode, send } from './live-mock.js';

const live = liveMock();
const api = (method: string, path: string, body?: unknown) => send(live.get(), method, path, body);

async function expectFieldError(res: Response, status: number, field: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body.mock.field).toBe(field);
  expect(body.mock.error).toContain(field);
  return body.mock;
}

describe('POST /__mock/faults', () => {
  it('adds a rule in the JSON form and answers it with its id and counters', async () => {
    const res = await api('POST', '/__mock/faults', { operation: 'silent-login', effect: '404', times: 1, match: { person: 'alice' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      rules: [{ id: 'f1', operation: 'silent-login', match: { person: 'alice' }, effect: '404', times: 1, probability: 1, remaining: 1, fired: 0, spent: false }],
    });
    expect(live.get().faults.list()).toHaveLength(1);
  });

  it('adds a rule in the flag spelling', async () => {
    const res = await api('POST', '/__mock/faults', 'authenticate=603:once');
    expect((await res.json()).rules[0]).toMatchObject({ operation: 'authenticate', effect: '603', times: 1 });
  });

  it('adds a list of rules, or a scenario, all at once', async () => {
    expect((await (await api('POST', '/__mock/faults', ['login=404', 'logout=reset'])).json()).rules).toHaveLength(2);
    const scenario = { description: 'x', rules: [{ operation: 'sms', effect: 'delay:5' }] };
    expect((await (await api('POST', '/__mock/faults', scenario)).json()).rules[0].id).toBe('f3');
  });

  it('refuses a bad rule with a 400 naming the field, and adds nothing from a list with one', async () => {
    await expectFieldError(await api('POST', '/__mock/faults', { operation: 'silent-login', effect: 'explode' }), 400, 'effect');
    const mock = await expectFieldError(await api('POST', '/__mock/faults', { operation: 'nope', effect: '404' }), 400, 'operation');
    expect(mock.error).toContain('silent-login');
    await expectFieldError(await api('POST', '/__mock/faults', ['login=404', { operation: 'login', effect: '404', times: 0 }]), 400, 'rules[1].times');
    expect(live.get().faults.list()).toEqual([]);
  });

  it('refuses a body that is no rule at all', async () => {
    await expectFieldError(await send(live.get(), 'POST', '/__mock/faults', undefined), 400, 'body');
    await expectFieldError(await fetch(live.get().url + '/__mock/faults', { method: 'POST', body: '{nope' }), 400, 'body');
  });

  it('refuses a second rule with the same id with 409', async () => {
    await api('POST', '/__mock/faults', { id: 'slow', operation: 'login', effect: 'delay:1' });
    await expectFieldError(await api('POST', '/__mock/faults', { id: 'slow', operation: 'login', effect: 'delay:1' }), 409, 'id');
  });
});

describe('GET /__mock/faults', () => {
  it('lists the rules with how often each fired, the seed, and the operations', async () => {
    const mock = live.get();
    mock.faults.add('server-time=status:500:once');
    await send(mock, 'GET', '/hserve/v2.2/server/time/', undefined, hydrogenHeaders());
    const body = await (await api('GET', '/__mock/faults')).json();
    expect(body.seed).toBe(42);
    expect(body.rules).toEqual([expect.objectContaining({ id: 'f1', remaining: 0, fired: 1, spent: true })]);
    expect(Object.keys(body.operations)).toContain('tt.getUserInfo');
  });

  it('shows one rule by id, and 404 for an unknown one', async () => {
    live.get().faults.add({ id: 'x', operation: 'login', effect: '404' });
    expect((await (await api('GET', '/__mock/faults/x')).json()).id).toBe('x');
    expect((await api('GET', '/__mock/faults/y')).status).toBe(404);
  });
});

describe('DELETE /__mock/faults', () => {
  it('removes every rule', async () => {
    live.get().faults.addAll(['login=404', 'logout=404']);
    expect(await (await api('DELETE', '/__mock/faults')).json()).toEqual({ status: 'ok', removed: 2 });
    expect(live.get().faults.list()).toEqual([]);
  });

  it('removes one rule by id, and answers 404 for an unknown id', async () => {
    const mock = live.get();
    mock.faults.addAll(['login=404', 'logout=404']);
    expect(await (await api('DELETE', '/__mock/faults/f1')).json()).toEqual({ status: 'ok', removed: 'f1' });
    expect(mock.faults.list().map((r) => r.id)).toEqual(['f2']);
    expect((await api('DELETE', '/__mock/faults/f1')).status).toBe(404);
  });
});

describe('POST /__mock/reset', () => {
  it('also clears the rules and the journal', async () => {
    const mock = live.get();
    mock.faults.add('login=404');
    await send(mock, 'GET', '/hserve/v2.2/server/time/', undefined, hydrogenHeaders());
    expect(mock.journal.list()).toHaveLength(1);
    expect((await api('POST', '/__mock/reset', {})).status).toBe(200);
    expect(mock.faults.list()).toEqual([]);
    expect(mock.journal.list()).toEqual([]);
  });

  it('of one client clears only the rules and requests of that client', async () => {
    const mock = live.get();
    mock.faults.add({ operation: 'login', effect: '404', match: { client_id: DEMO.clientId } });
    mock.faults.add({ operation: 'login', effect: '404', match: { client_id: 'otherclient01' } });
    await send(mock, 'GET', '/hserve/v2.2/server/time/', undefined, hydrogenHeaders());
    await send(mock, 'GET', '/hserve/v2.2/server/time/', undefined, hydrogenHeaders({ 'X-Hydrogen-Client-ID': 'otherclient01' }));
    await api('POST', '/__mock/reset', { client_id: DEMO.clientId });
    expect(mock.faults.list().map((r) => r.match.clientId)).toEqual(['otherclient01']);
    expect(mock.journal.list().map((e) => e.client_id)).toEqual(['otherclient01']);
  });
});

describe('POST /__mock/clock', () => {
  it('moves the clock forward, so a code outlives its five minutes', async () => {
    const mock = live.get();
    const before = mock.clock.now();
    const code = await loginCode(mock);
    const res = await api('POST', '/__mock/clock', { seconds: 301 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.now_ms - before).toBeGreaterThanOrEqual(301_000);
    expect(Date.parse(body.now)).toBe(body.now_ms);
    const exchange = await (await api('POST', '/api/apps/v2/jscode2session', { appid: DEMO.appid, secret: DEMO.secret, code })).json();
    expect(exchange.err_no).toBe(40018);
  });

  it.each([[{}], [{ seconds: -1 }], [{ seconds: 'ten' }]])('refuses %j naming seconds', async (body) => {
    await expectFieldError(await api('POST', '/__mock/clock', body), 400, 'seconds');
  });
});
