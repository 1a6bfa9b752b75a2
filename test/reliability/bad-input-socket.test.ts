import { connect } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import { Logger } from '../../src/log.js';
import { answerProblem } from './answer-check.js';
import { fuzzRoute, type Target } from './fuzz-route.js';
import { ROUTES } from './routes.js';
import { seedFromEnv } from './seeded-random.js';
import { DEMO } from '../helpers.js';

/**
 * The same generated requests over a real socket (fewer of them): what Node's HTTP server and the
 * adapter make of odd headers and bodies, large bodies on the wire, and bytes that are not HTTP.
 */
const RUNS_PER_ROUTE = 12;
const LIMIT = 1024 * 1024;
const seed = seedFromEnv();
let tried = 0;

const running: RunningMock[] = [];
afterEach(async () => {
  await Promise.allSettled(running.splice(0).map((m) => m.close()));
});
afterAll(() => console.log(`bad input over a socket: seed ${seed}, ${tried} requests tried on ${ROUTES.length} routes`));

async function startMock(): Promise<RunningMock> {
  const mock = await startServer(resolveOptions({ port: 0, db: null, log: 'quiet', scryptCost: 16 }), new Logger('quiet'));
  running.push(mock);
  return mock;
}

async function signUp(url: string, clientId: string): Promise<string> {
  const res = await fetch(`${url}/hserve/v2.1/register/username/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Hydrogen-Client-ID': clientId },
    body: JSON.stringify({ username: 'fuzzer', password: 'fuzz-password' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

let current: RunningMock | undefined;

/** A fresh mock for the next requests; the one before is closed. */
async function newTarget(): Promise<Target> {
  await current?.close();
  const mock = (current = await startMock());
  const tokens = { own: await signUp(mock.url, DEMO.clientId), otherClient: await signUp(mock.url, 'fuzz-other') };
  return {
    tokens,
    send: async (path, init) => {
      const res = await fetch(mock.url + path, init);
      return { status: res.status, text: await res.text() };
    },
    snapshot: () => JSON.stringify(mock.store.data),
  };
}

describe('every route over a socket', () => {
  it('answers random, malformed and wrongly typed requests below 500, in JSON naming the problem', async () => {
    for (const route of ROUTES) tried += await fuzzRoute(route, DEMO.clientId, newTarget, RUNS_PER_ROUTE, seed);
  }, 120_000);
});

describe('a body over the limit on the wire', () => {
  const big = `{"username":"${'x'.repeat(LIMIT)}","password":"p"}`;

  it('is answered 413 in the 知晓云 envelope whether its length is declared or streamed', async () => {
    const mock = await startMock();
    const before = JSON.stringify(mock.store.data);
    const headers = { 'content-type': 'application/json', 'X-Hydrogen-Client-ID': DEMO.clientId };
    const declared = await fetch(`${mock.url}/hserve/v2.1/register/username/`, { method: 'POST', headers, body: big });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 64 * 1024) controller.enqueue(Buffer.from(big.slice(i, i + 64 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(`${mock.url}/hserve/v2.1/register/username/`, { method: 'POST', headers, body: chunks, duplex: 'half' } as RequestInit);
    for (const res of [declared, streamed]) {
      const text = await res.text();
      expect(res.status, text).toBe(413);
      expect(answerProblem('baas', '/hserve/', res.status, text)).toBeNull();
    }
    tried += 2;
    expect(JSON.stringify(mock.store.data)).toBe(before);
    expect((await fetch(`${mock.url}/__mock/health`)).status).toBe(200);
  });

  it('is answered 413 on the control API and by code2session, each in its own envelope', async () => {
    const mock = await startMock();
    const before = JSON.stringify(mock.store.data);
    const body = `{"client_id":"${'x'.repeat(LIMIT)}"}`;
    const headers = { 'content-type': 'application/json' };
    for (const [area, path] of [
      ['control', '/__mock/reset'],
      ['platform', '/api/apps/v2/jscode2session'],
    ] as const) {
      // The whole body is sent: the answer must come without the connection being cut under it.
      const res = await fetch(`${mock.url}${path}`, { method: 'POST', headers, body });
      const text = await res.text();
      expect(res.status, text).toBe(413);
      expect(answerProblem(area, path, res.status, text)).toBeNull();
      tried++;
    }
    expect(JSON.stringify(mock.store.data)).toBe(before);
  });
});

describe('bytes that are not HTTP', () => {
  const garbage = ['\u0000\u0001\u0002\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'POST /hserve/v2.1/login/username/ HTTP/1.1\r\nContent-Length: -5\r\n\r\n', 'GET /__mock/health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n', `${'A'.repeat(70_000)}\r\n\r\n`];

  it('get a 400 from the server, which goes on answering', async () => {
    const mock = await startMock();
    const { port } = mock;
    for (const bytes of garbage) {
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let data = '';
        socket.on('data', (d) => (data += d.toString('latin1')));
        socket.on('error', () => resolve(data));
        socket.on('close', () => resolve(data));
        socket.end(Buffer.from(bytes, 'latin1'));
      });
      tried++;
      expect(reply, JSON.stringify(bytes.slice(0, 60))).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect((await fetch(`${mock.url}/__mock/health`)).status).toBe(200);
  });
});
