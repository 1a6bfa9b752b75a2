import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import { DEMO } from '../helpers.js';

/** A mock on a real socket for the whole file, reset (fixtures, rules, journal) before every test. */
export function liveMock(): { get: () => RunningMock } {
  let mock: RunningMock | undefined;
  beforeAll(async () => {
    mock = await startServer(resolveOptions({ port: 0, db: null, log: 'quiet' }), undefined, { seed: 42 });
  });
  afterAll(async () => {
    await mock?.close();
  });
  beforeEach(async () => {
    await mock!.reset();
  });
  return { get: () => mock! };
}

export const hydrogenHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
  'X-Hydrogen-Client-ID': DEMO.clientId,
  'content-type': 'application/json',
  ...extra,
});

/** A request with fetch; the JSON body is sent as is. */
export function send(mock: RunningMock, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(mock.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export type RawOutcome =
  | { kind: 'response'; status: number; text: string; ms: number }
  | { kind: 'no-answer'; error: string; ms: number };

/**
 * A request on a fresh connection with node:http, which tells "no HTTP answer at all" (the socket
 * closed before a status line) apart from any response.
 */
export function rawRequest(mock: RunningMock, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(mock.url + path, { method, agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, text, ms: performance.now() - started }));
      res.on('error', (err) => resolve({ kind: 'no-answer', error: err.message, ms: performance.now() - started }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'no-answer', error: err.code ?? err.message, ms: performance.now() - started }));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A `tt.login` code for a person, through the fake device endpoint. */
export async function loginCode(mock: RunningMock, person = 'alice', host = 'douyin'): Promise<string> {
  const res = await send(mock, 'POST', '/__mock/bytedance/login', { client_id: DEMO.clientId, person, host });
  const body = (await res.json()) as { code: string };
  return body.code;
}
