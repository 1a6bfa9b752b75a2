import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers.js';
import { hydrogenHeaders, liveMock, loginCode, rawRequest, send } from './live-mock.js';

const TIME = '/hserve/v2.2/server/time/';
const time = (m: ReturnType<typeof live.get>, headers: Record<string, string> = {}) => send(m, 'GET', TIME, undefined, hydrogenHeaders(headers));

const live = liveMock();

describe('fault effects on a real socket', () => {
  it('answers normally when no rule is set', async () => {
    const res = await time(live.get());
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('time');
  });

  it('timeout holds the request until its bound and closes the connection without an answer', async () => {
    const mock = live.get();
    mock.faults.add('server-time=timeout:200');
    const outcome = await rawRequest(mock, 'GET', TIME, undefined, hydrogenHeaders());
    expect(outcome.kind).toBe('no-answer');
    expect(outcome.ms).toBeGreaterThanOrEqual(200);
  });

  it('reset makes fetch reject', async () => {
    const mock = live.get();
    mock.faults.add('server-time=reset');
    await expect(time(mock)).rejects.toThrow(TypeError);
  });

  it('malformed answers 200 with a JSON content type and a body JSON.parse refuses', async () => {
    const mock = live.get();
    mock.faults.add('server-time=malformed');
    const res = await time(mock);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('delay answers normally, no sooner than the delay', async () => {
    const mock = live.get();
    mock.faults.add('server-time=delay:150');
    const started = performance.now();
    const res = await time(mock);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('time');
    expect(ms).toBeGreaterThanOrEqual(150);
  });

  it('delay with a range waits at least its lower end', async () => {
    const mock = live.get();
    mock.faults.add('server-time=delay:100..150');
    const started = performance.now();
    expect((await time(mock)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('status answers that status with a 知晓云-shaped error body by default', async () => {
    const mock = live.get();
    mock.faults.add('server-time=status:503');
    const res = await time(mock);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'error', error_msg: 'Service Unavailable' });
  });

  it('status answers the rule body when it has one', async () => {
    const mock = live.get();
    mock.faults.add({ operation: 'server-time', effect: { type: 'status', status: 429, body: { error_msg: 'slow down', retry: 3 } } });
    const res = await time(mock);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error_msg: 'slow down', retry: 3 });
  });

  it('status beyond 599 is written through the Node response', async () => {
    const mock = live.get();
    mock.faults.add({ operation: 'server-time', effect: { type: 'status', status: 777, body: { odd: true } } });
    const outcome = await rawRequest(mock, 'GET', TIME, undefined, hydrogenHeaders());
    expect(outcome).toMatchObject({ kind: 'response', status: 777 });
    expect(JSON.parse((outcome as { text: string }).text)).toEqual({ odd: true });
  });

  it('404 answers a plain not-found on an operation that is not a login', async () => {
    const mock = live.get();
    mock.faults.add('server-time=404');
    const res = await time(mock);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 'error', error_msg: 'Not found.' });
  });

  it('deny fails tt.getUserInfo as a refusal', async () => {
    const mock = live.get();
    await loginCode(mock, 'alice');
    mock.faults.add('tt.getUserInfo=deny');
    const res = await send(mock, 'POST', '/__mock/bytedance/user-info', { client_id: DEMO.clientId, person: 'alice', host: 'douyin', with_credentials: true });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errMsg: 'getUserInfo:fail auth deny', errNo: 10200 });
  });

  it('errno answers code2session v2 with that err_no in its envelope', async () => {
    const mock = live.get();
    mock.faults.add('code2session=errno:40018');
    const code = await loginCode(mock);
    const res = await send(mock, 'POST', '/api/apps/v2/jscode2session', { appid: DEMO.appid, secret: DEMO.secret, code });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ err_no: 40018, err_tips: 'bad code', data: {} });
  });

  it('errno answers legacy code2session with errcode and errmsg', async () => {
    const mock = live.get();
    mock.faults.add({ operation: 'code2session', effect: { type: 'errno', errno: -1, tips: 'busy' } });
    const res = await send(mock, 'GET', `/api/apps/jscode2session?appid=${DEMO.appid}&secret=${DEMO.secret}&code=x`);
    expect(await res.json()).toEqual({ error: 1, errcode: -1, errmsg: 'busy' });
  });

  it('a code2session errno surfaces through silent-login as a 400 about the code, leaving the code unspent', async () => {
    const mock = live.get();
    mock.faults.add('code2session=errno:40018:once');
    const code = await loginCode(mock);
    const login = (c: string) => send(mock, 'POST', '/hserve/v2.5/idp/bytedance/silent-login/', { code: c, app_name: 'douyin', create_user: true }, hydrogenHeaders());
    const res = await login(code);
    expect(res.status).toBe(400);
    expect((await res.json()).error_msg).toBe('code: bad code (code2session err_no 40018)');
    expect(mock.platform.peek(code)?.person).toBe('alice');
  });

  it('a code2session timeout holds the login request that exchanges the code', async () => {
    const mock = live.get();
    mock.faults.add('code2session=timeout:200');
    const code = await loginCode(mock);
    const outcome = await rawRequest(mock, 'POST', '/hserve/v2.5/idp/bytedance/silent-login/', { code, app_name: 'douyin' }, hydrogenHeaders());
    expect(outcome.kind).toBe('no-answer');
    expect(outcome.ms).toBeGreaterThanOrEqual(200);
  });

  it('603 on authenticate answers HTTP status 603 with the person openid', async () => {
    const mock = live.get();
    mock.faults.add('authenticate=603');
    const code = await loginCode(mock, 'alice');
    const res = await send(mock, 'POST', '/hserve/v2.5/idp/bytedance/authenticate/', { code, app_name: 'douyin' }, hydrogenHeaders());
    expect(res.status).toBe(603);
    const body = await res.json();
    expect(body).toMatchObject({ code: 603, message: 'unauthorized' });
    expect(body.openid).toMatch(/^_000/);
    expect(body).toHaveProperty('id');
  });
});

describe('X-Mock-Fault', () => {
  it('applies its effect to that request alone', async () => {
    const mock = live.get();
    const faulted = await time(mock, { 'X-Mock-Fault': 'status:502' });
    expect(faulted.status).toBe(502);
    expect((await time(mock)).status).toBe(200);
  });

  it('takes the object form as JSON', async () => {
    const res = await time(live.get(), { 'X-Mock-Fault': '{"type":"status","status":418,"body":{"teapot":true}}' });
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({ teapot: true });
  });

  it('wins over the rules and leaves them unspent', async () => {
    const mock = live.get();
    const rule = mock.faults.add('server-time=status:500:once');
    expect((await time(mock, { 'X-Mock-Fault': 'malformed' })).status).toBe(200);
    expect(mock.faults.get(rule.id)?.remaining).toBe(1);
  });

  it('refuses an unknown effect with a 400 naming the header', async () => {
    const res = await time(live.get(), { 'X-Mock-Fault': 'explode' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.mock.field).toBe('X-Mock-Fault');
    expect(body.mock.error).toContain('unknown effect "explode"');
  });

  it('refuses an effect the operation cannot give', async () => {
    const res = await time(live.get(), { 'X-Mock-Fault': 'deny' });
    expect(res.status).toBe(400);
    expect((await res.json()).mock.error).toContain('deny applies only to tt.getUserInfo');
  });

  it('does not touch the control API', async () => {
    const res = await send(live.get(), 'GET', '/__mock/health', undefined, { 'X-Mock-Fault': 'reset' });
    expect(res.status).toBe(200);
  });
});
