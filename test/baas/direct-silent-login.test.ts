import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { directSilentLogin } from '../../src/baas/direct-silent-login.js';
import { ManualClock } from '../../src/clock.js';
import { Logger } from '../../src/log.js';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import { loginCode } from '../faults/live-mock.js';
import { DEMO, newTestMock } from '../helpers.js';

const PATH = '/hserve/v2.5/idp/bytedance/silent-login/';
const T0 = Date.parse('2026-05-01T08:00:00Z');

interface Sent {
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: any;
}

/**
 * Sends a request with its body declared by Content-Length (what SDKs and fetch send, and what the
 * mock answers before Hono), or in chunks (always left to the Hono route).
 */
function send(url: string, req: Sent, framing: 'length' | 'chunked'): Promise<Answer> {
  const body = req.body ?? '';
  const headers: Record<string, string> = { ...req.headers };
  if (framing === 'length') headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const r = httpRequest(`${url}${req.path ?? PATH}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // shown as text
        }
        const h = res.headers;
        resolve({
          status: res.statusCode!,
          headers: { 'content-type': h['content-type'], 'access-control-allow-origin': h['access-control-allow-origin'] as string | undefined },
          body: parsed,
        });
      });
    });
    r.on('error', reject);
    if (framing === 'chunked' && body.length > 1) {
      r.write(body.slice(0, 1));
      r.end(body.slice(1));
    } else r.end(body);
  });
}

const mocks: RunningMock[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});

/** A mock on a free port whose JSON log lines are kept, or handed to `out`; its errors are kept too. */
async function mockWithLog(out?: (text: string) => void): Promise<{ mock: RunningMock; lines: string[]; errors: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const options = resolveOptions({ db: null, port: 0, log: 'json', clock: new ManualClock(T0) });
  const mock = await startServer(options, new Logger('json', out ?? ((t) => lines.push(t)), (t) => errors.push(t)));
  mocks.push(mock);
  return { mock, lines, errors };
}

const code = (mock: RunningMock, person: string) => loginCode(mock, person);

const json = (body: unknown, headers: Record<string, string> = {}): Sent => ({
  headers: { 'content-type': 'application/json', 'x-hydrogen-client-id': DEMO.clientId, ...headers },
  body: JSON.stringify(body),
});

/** Every case of the route, as a client may send it: each builds its request on the mock it runs on. */
const cases: [string, (mock: RunningMock) => Promise<Sent>][] = [
  ['a new person, created', async (m) => json({ code: await code(m, 'alice'), app_name: 'douyin', create_user: true })],
  ['a known person, found', async (m) => json({ code: await code(m, 'alice'), app_name: 'douyin' })],
  ['a known person with the SDK headers and a stale token', async (m) =>
    json({ code: await code(m, 'alice'), app_name: 'douyin', create_user: true }, {
      authorization: 'Hydrogen-r1 stale',
      'x-hydrogen-client-version': 'v3.23.6',
      'x-hydrogen-client-platform': 'UNKNOWN',
      'content-type': 'application/json;charset=UTF-8',
    })],
  ['in an environment of the client', async (m) => json({ code: await code(m, 'bob'), app_name: 'douyin' }, { 'x-hydrogen-env-id': 'staging' })],
  ['create_user false for a person with no user', async (m) => json({ code: await code(m, 'bob'), app_name: 'douyin', create_user: false })],
  ['a code used before', async (m) => {
    const c = await code(m, 'alice');
    await send(m.url, json({ code: c, app_name: 'douyin' }), 'length');
    return json({ code: c, app_name: 'douyin' });
  }],
  ['an unknown code', async () => json({ code: 'not-a-code', app_name: 'douyin' })],
  ['an unknown host app', async (m) => json({ code: await code(m, 'alice'), app_name: 'wechat' })],
  ['a host app in the wrong case', async (m) => json({ code: await code(m, 'alice'), app_name: 'Douyin' })],
  ['no app_name', async (m) => json({ code: await code(m, 'alice') })],
  ['an empty code', async () => json({ code: '', app_name: 'douyin' })],
  ['a code that is a number', async () => json({ code: 123, app_name: 'douyin' })],
  ['create_user as a string', async (m) => json({ code: await code(m, 'alice'), app_name: 'douyin', create_user: 'yes' })],
  ['a body that is an array', async () => ({ ...json({}), body: '[1]' })],
  ['a body that is not JSON', async () => ({ ...json({}), body: '{"code": ' })],
  ['an empty body', async () => ({ ...json({}), body: '' })],
  ['a body sent as text/plain', async (m) => ({ ...json({ code: await code(m, 'alice'), app_name: 'douyin' }), headers: { 'content-type': 'text/plain', 'x-hydrogen-client-id': DEMO.clientId } })],
  ['a body sent as HTML', async (m) => ({ ...json({ code: await code(m, 'alice'), app_name: 'douyin' }), headers: { 'content-type': 'text/html', 'x-hydrogen-client-id': DEMO.clientId } })],
  ['no client ID', async (m) => ({ ...json({ code: await code(m, 'alice'), app_name: 'douyin' }), headers: { 'content-type': 'application/json' } })],
  ['a client ID with a space', async (m) => json({ code: await code(m, 'alice'), app_name: 'douyin' }, { 'x-hydrogen-client-id': 'not valid' })],
  ['a bad environment ID', async (m) => json({ code: await code(m, 'alice'), app_name: 'douyin' }, { 'x-hydrogen-env-id': 'no/such' })],
  ['a client ID the store does not have', async (m) => json({ code: await code(m, 'alice'), app_name: 'douyin' }, { 'x-hydrogen-client-id': 'someoneelse' })],
  ['a fault header', async (m) => json({ code: await code(m, 'alice'), app_name: 'douyin' }, { 'x-mock-fault': 'status:503' })],
  ['a body over the limit', async (m) => json({ code: await code(m, 'alice'), app_name: 'douyin', padding: 'x'.repeat(1024 * 1024) })],
  ['a query string', async (m) => ({ ...json({ code: await code(m, 'alice'), app_name: 'douyin' }), path: `${PATH}?x=1` })],
];

/** What may differ between two runs: the random part of tokens, and how long a request took. */
function comparable(a: Answer) {
  const body = a.body?.token ? { ...a.body, token: expect.stringMatching(/^[\w-]+\.[\w-]{22}$/) } : a.body;
  return { ...a, body };
}

const journalOf = (mock: RunningMock) =>
  mock.journal
    .list()
    .filter((e) => e.operation === 'silent-login')
    .map(({ seq: _seq, duration_ms: _ms, ...e }) => e);

const requestLines = (lines: string[]) =>
  lines.map((l) => JSON.parse(l)).filter((l) => l.type === 'request' && l.op === 'silent-login').map(({ time: _t, ms: _ms, ...l }) => l);

describe('silent login answered before Hono', () => {
  it('answers every case as the Hono route does: status, headers, body, store, journal and log line', async () => {
    const direct = await mockWithLog();
    const viaHono = await mockWithLog();
    const answers: Record<'length' | 'chunked', Answer[]> = { length: [], chunked: [] };
    for (const [framing, { mock }] of [['length', direct], ['chunked', viaHono]] as const) {
      for (const [, build] of cases) answers[framing].push(await send(mock.url, await build(mock), framing));
    }
    for (const [i, [name]] of cases.entries()) {
      expect({ case: name, ...answers.length[i]! }).toEqual({ case: name, ...comparable(answers.chunked[i]!) });
    }
    // Both ways reached every outcome the route has, so the cases above cover them all.
    expect(new Set(answers.length.map((a) => a.status))).toEqual(new Set([201, 400, 401, 404, 413, 415, 503]));
    expect(direct.mock.store.data.tenants).toEqual(viaHono.mock.store.data.tenants);
    expect(journalOf(direct.mock)).toEqual(journalOf(viaHono.mock));
    expect(requestLines(direct.lines)).toEqual(requestLines(viaHono.lines));
  });

  it('issues tokens that the rest of the API accepts', async () => {
    const { mock } = await mockWithLog();
    const login = await send(mock.url, json({ code: await code(mock, 'alice'), app_name: 'douyin' }), 'length');
    expect(login.status).toBe(201);
    const me = await fetch(`${mock.url}/hserve/v2.5/user/info/`, {
      headers: { 'x-hydrogen-client-id': DEMO.clientId, authorization: `Hydrogen-r1 ${login.body.token}` },
    });
    expect(me.status).toBe(200);
    expect((await me.json()).id).toBe(login.body.user_info.id);
  });

  it('stays up when writing the request line fails after the answer went out', async () => {
    const { mock, errors } = await mockWithLog(() => {
      throw new Error('stdout closed');
    });
    // Codes from the platform itself: the Hono route that mints them would log too.
    const mint = () => mock.platform.login(mock.platform.appOfClient(DEMO.clientId)!, 'douyin', 'alice').code!;
    for (let i = 0; i < 2; i++) {
      expect((await send(mock.url, json({ code: mint(), app_name: 'douyin' }), 'length')).status).toBe(201);
    }
    expect(errors.join('')).toContain('stdout closed');
  });

  it('follows fault rules, which only the Hono route applies', async () => {
    const { mock } = await mockWithLog();
    mock.faults.add('silent-login=404:once');
    const first = await send(mock.url, json({ code: await code(mock, 'alice'), app_name: 'douyin' }), 'length');
    const second = await send(mock.url, json({ code: await code(mock, 'alice'), app_name: 'douyin' }), 'length');
    expect([first.status, second.status]).toEqual([404, 201]);
    expect(mock.journal.list({ operation: 'silent-login' }).map((e) => e.fault?.rule ?? null)).toEqual([null, expect.any(String)]);
  });
});

describe('which silent logins are answered before Hono', () => {
  /** The direct listener in front of a stand-in for the Hono app that records what it was handed. */
  async function listener(overrides: Parameters<typeof newTestMock>[0] = {}) {
    const t = await newTestMock(overrides);
    const handed: { url: string; rawBody: string | undefined }[] = [];
    const fallback = (req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse) => {
      handed.push({ url: req.url!, rawBody: req.rawBody?.toString('utf8') });
      res.writeHead(599).end();
    };
    const direct = directSilentLogin(t.deps, fallback);
    const server = createServer((req, res) => {
      if (!direct(req, res)) fallback(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const mint = () => t.platform.login(t.platform.appOfClient(DEMO.clientId)!, 'douyin', 'alice').code!;
    servers.push(server);
    return { t, url, handed, mint };
  }
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  it('answers a plain one itself', async () => {
    const l = await listener();
    const res = await send(l.url, json({ code: l.mint(), app_name: 'douyin' }), 'length');
    expect(res.status).toBe(201);
    expect(l.handed).toEqual([]);
  });

  it('hands over the body it read when the fields are not as the route takes them', async () => {
    const l = await listener();
    const body = JSON.stringify({ code: l.mint(), app_name: 'douyin', create_user: 'yes' });
    expect((await send(l.url, { ...json({}), body }, 'length')).status).toBe(599);
    expect(l.handed).toEqual([{ url: PATH, rawBody: body }]);
  });

  it('leaves the body unread when the headers already rule it out', async () => {
    const l = await listener();
    await send(l.url, json({ code: l.mint(), app_name: 'douyin' }), 'chunked');
    await send(l.url, json({ code: l.mint(), app_name: 'douyin' }, { 'x-mock-fault': 'status:503' }), 'length');
    l.t.faults.add('code2session=errno:40018:once');
    await send(l.url, json({ code: l.mint(), app_name: 'douyin' }), 'length');
    expect(l.handed).toEqual([
      { url: PATH, rawBody: undefined },
      { url: PATH, rawBody: undefined },
      { url: PATH, rawBody: undefined },
    ]);
  });

  it('leaves a client ID the mock refuses to the Hono route', async () => {
    const l = await listener({ strictClients: true });
    await send(l.url, json({ code: l.mint(), app_name: 'douyin' }, { 'x-hydrogen-client-id': 'someoneelse' }), 'length');
    expect(l.handed).toEqual([{ url: PATH, rawBody: undefined }]);
  });

  it('passes over other routes and methods', async () => {
    const l = await listener();
    const other = await send(l.url, { ...json({}), path: '/hserve/v2.5/idp/bytedance/authenticate/' }, 'length');
    expect(other.status).toBe(599);
    expect(l.handed.map((h) => h.url)).toEqual(['/hserve/v2.5/idp/bytedance/authenticate/']);
  });
});
