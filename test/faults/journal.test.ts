import { describe, expect, it } from 'vitest';
import { Journal, type JournalEntry, type JournalRecord } from '../../src/faults/journal.js';
import { DEMO, expectStatus, hserve, newTestMock, ttLogin } from '../helpers.js';
import { hydrogenHeaders, liveMock, loginCode, rawRequest, send } from './live-mock.js';

const entry = (over: Partial<JournalRecord> = {}): JournalRecord => ({
  time: Date.parse('2025-01-01T00:00:00.000Z'),
  operation: 'login',
  method: 'POST',
  path: '/hserve/v2.1/login/username/',
  client_id: 'c1',
  person: null,
  openid: null,
  status: 201,
  fault: null,
  duration_ms: 1,
  ...over,
});

describe('Journal', () => {
  it('keeps only the newest entries, newest first', () => {
    const journal = new Journal(3);
    for (let i = 1; i <= 5; i++) journal.record(entry({ duration_ms: i }));
    expect(journal.list().map((e) => e.duration_ms)).toEqual([5, 4, 3]);
    expect(journal.list().map((e) => e.seq)).toEqual([5, 4, 3]);
  });

  it('shows each entry’s time in ISO form, on the clock it was recorded with', () => {
    const journal = new Journal(2);
    journal.record(entry({ time: Date.parse('2030-06-01T12:00:00.250Z') }));
    expect(journal.list()[0]).toMatchObject({ seq: 1, time: '2030-06-01T12:00:00.250Z' });
  });

  it('filters by operation, client, exact status, status class, no answer, and limit', () => {
    const journal = new Journal();
    journal.record(entry({ operation: 'login', client_id: 'c1', status: 201 }));
    journal.record(entry({ operation: 'logout', client_id: 'c2', status: 401 }));
    journal.record(entry({ operation: 'login', client_id: 'c2', status: 404 }));
    journal.record(entry({ operation: 'login', client_id: 'c1', status: null }));
    const ops = (f: Parameters<Journal['list']>[0]) => journal.list(f).map((e) => `${e.operation}/${e.client_id}/${e.status}`);
    expect(ops({ operation: 'login' })).toEqual(['login/c1/null', 'login/c2/404', 'login/c1/201']);
    expect(ops({ clientId: 'c2' })).toEqual(['login/c2/404', 'logout/c2/401']);
    expect(ops({ status: '404' })).toEqual(['login/c2/404']);
    expect(ops({ status: '4xx' })).toEqual(['login/c2/404', 'logout/c2/401']);
    expect(ops({ status: 'none' })).toEqual(['login/c1/null']);
    expect(ops({ limit: 2 })).toEqual(['login/c1/null', 'login/c2/404']);
  });

  it('clears everything, or one client only', () => {
    const journal = new Journal(4);
    for (const c of ['c1', 'c2', 'c1', 'c2', 'c1']) journal.record(entry({ client_id: c }));
    expect(journal.clear('c1')).toBe(2);
    expect(journal.list().map((e) => e.client_id)).toEqual(['c2', 'c2']);
    journal.record(entry({ client_id: 'c3' }));
    expect(journal.list().map((e) => e.client_id)).toEqual(['c3', 'c2', 'c2']);
    expect(journal.clear()).toBe(3);
    expect(journal.list()).toEqual([]);
  });
});

describe('GET /__mock/requests', () => {
  const live = liveMock();
  const requests = async (query = '') => (await (await send(live.get(), 'GET', `/__mock/requests${query}`)).json()).requests as JournalEntry[];
  const time = (headers: Record<string, string> = {}) => send(live.get(), 'GET', '/hserve/v2.2/server/time/', undefined, hydrogenHeaders(headers));

  it('lists requests newest first with operation, method, path, client, status and duration', async () => {
    await time();
    await send(live.get(), 'GET', '/hserve/v1/latest-sdk-version/', undefined, hydrogenHeaders());
    const list = await requests();
    expect(list.map((e) => e.operation)).toEqual(['sdk-version', 'server-time']);
    expect(list[1]).toMatchObject({ method: 'GET', path: '/hserve/v2.2/server/time/', client_id: DEMO.clientId, status: 200, fault: null });
    expect(list[1]!.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(list[1]!.time)).not.toBeNaN();
  });

  it('marks the rule that fired, and the header', async () => {
    const mock = live.get();
    const rule = mock.faults.add('server-time=status:500:once');
    await time();
    await time({ 'X-Mock-Fault': 'delay:1' });
    const [byHeader, byRule] = await requests();
    expect(byRule).toMatchObject({ status: 500, fault: { rule: rule.id, effect: 'status:500' } });
    expect(byHeader).toMatchObject({ status: 200, fault: { rule: 'header', effect: 'delay:1' } });
  });

  it('records a 603 written past Hono, and no status for a dropped request', async () => {
    const mock = live.get();
    mock.faults.add('authenticate=603:once');
    mock.faults.add('server-time=reset:once');
    const code = await loginCode(mock);
    await send(mock, 'POST', '/hserve/v2.5/idp/bytedance/authenticate/', { code, app_name: 'douyin' }, hydrogenHeaders());
    await rawRequest(mock, 'GET', '/hserve/v2.2/server/time/', undefined, hydrogenHeaders());
    expect((await requests('?status=none')).map((e) => e.operation)).toEqual(['server-time']);
    const [authenticate] = await requests('?operation=authenticate');
    expect(authenticate).toMatchObject({ status: 603, person: 'alice', openid: expect.stringMatching(/^_000/) });
  });

  it('knows the client and person of fake tt calls', async () => {
    await loginCode(live.get(), 'bob');
    const [login] = await requests('?operation=tt.login');
    expect(login).toMatchObject({ client_id: DEMO.clientId, person: 'bob', status: 200 });
  });

  it('filters by operation, client_id and status', async () => {
    await time();
    await time({ 'X-Hydrogen-Client-ID': 'otherclient01' });
    await time({ 'X-Mock-Fault': 'status:503' });
    expect((await requests('?operation=server-time')).length).toBe(3);
    expect((await requests('?client_id=otherclient01')).map((e) => e.client_id)).toEqual(['otherclient01']);
    expect((await requests('?status=503')).length).toBe(1);
    expect((await requests('?status=2xx&limit=1')).length).toBe(1);
    expect((await requests('?operation=login')).length).toBe(0);
  });

  it('leaves the control API out', async () => {
    await send(live.get(), 'GET', '/__mock/health');
    await send(live.get(), 'GET', '/__mock/faults');
    expect(await requests()).toEqual([]);
  });

  it('refuses a bad status filter naming it', async () => {
    const res = await send(live.get(), 'GET', '/__mock/requests?status=teapot');
    expect(res.status).toBe(400);
    expect((await res.json()).mock.field).toBe('status');
  });

  it('is emptied by DELETE', async () => {
    await time();
    const res = await send(live.get(), 'DELETE', '/__mock/requests');
    expect(await res.json()).toEqual({ status: 'ok', removed: 1 });
    expect(await requests()).toEqual([]);
  });
});

describe('journal entries of ByteDance logins', () => {
  it('name the person and openid even when no fault rule was tried', async () => {
    const t = await newTestMock();
    const { code } = await ttLogin(t, 'carol', 'toutiao');
    await expectStatus(await hserve(t, 'POST', '/hserve/v2.5/idp/bytedance/silent-login/', { code, app_name: 'toutiao', create_user: true }), 201);
    const [entry] = t.journal.list({ operation: 'silent-login' });
    expect(entry).toMatchObject({ person: 'carol', openid: expect.stringMatching(/^_000/), status: 201 });
  });
});
