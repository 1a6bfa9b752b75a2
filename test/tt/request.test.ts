import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTt, type FakeTt, type RequestOptions, type RequestSuccess } from '../../src/tt/index.js';
import { call } from './call.js';
import { closedPortUrl, startEchoServer, type Echoed } from './echo-server.js';

let server: Awaited<ReturnType<typeof startEchoServer>>;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(() => server.close());

const device = (requestTimeoutMs?: number): FakeTt =>
  createTt({ url: server.url, clientId: 'unused', ...(requestTimeoutMs ? { requestTimeoutMs } : {}) });

async function request(tt: FakeTt, options: Omit<RequestOptions, 'success' | 'fail' | 'complete'>) {
  return call<RequestSuccess, RequestOptions>((o) => tt.request(o), options);
}

async function echoed(tt: FakeTt, options: Omit<RequestOptions, 'success' | 'fail' | 'complete'>): Promise<Echoed> {
  const r = await request(tt, options);
  if (!r.ok) throw new Error(r.err.errMsg);
  return r.res.data as Echoed;
}

describe('tt.request', () => {
  it('turns GET data into the query string, objects as JSON text', async () => {
    const got = await echoed(device(), { url: `${server.url}/echo?a=1`, data: { limit: 20, where: { $and: [] }, skip: undefined, q: 'a b' } });
    expect(got.method).toBe('GET');
    expect(got.url).toBe('/echo?a=1&limit=20&where=%7B%22%24and%22%3A%5B%5D%7D&q=a%20b');
    expect(got.body).toBe('');
  });

  it('sends the data of other methods as JSON, with content-type application/json unless the page sets one', async () => {
    const tt = device();
    const json = await echoed(tt, { url: `${server.url}/echo`, method: 'post', data: { a: 1 }, header: { 'X-Custom': 'v' } });
    expect(json).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'x-custom': 'v' } });

    const form = await echoed(tt, { url: `${server.url}/echo`, method: 'PUT', data: { a: 1, b: 'x y' }, header: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(form).toMatchObject({ body: 'a=1&b=x+y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    const text = await echoed(tt, { url: `${server.url}/echo`, method: 'POST', data: 'raw text' });
    expect(text.body).toBe('raw text');
  });

  it('calls success for every status, 603 included, with statusCode, header and parsed data', async () => {
    for (const status of [201, 404, 500, 603]) {
      const r = await request(device(), { url: `${server.url}/status/${status}`, method: 'POST', data: {} });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.res).toMatchObject({ statusCode: status, errMsg: 'request:ok', header: { 'x-echo': 'yes' }, data: { method: 'POST' } });
      expect(r.completed).toBe(r.res);
    }
  });

  it('hands over a body that is not JSON as text, and any body as text when dataType is not json', async () => {
    const tt = device();
    const plain = await request(tt, { url: `${server.url}/text` });
    expect(plain.ok && plain.res.data).toBe('plain words');
    const raw = await request(tt, { url: `${server.url}/echo`, dataType: 'text' });
    expect(raw.ok && typeof raw.res.data).toBe('string');
    const buffer = await request(tt, { url: `${server.url}/text`, responseType: 'arraybuffer' });
    expect(buffer.ok && new TextDecoder().decode(buffer.res.data as ArrayBuffer)).toBe('plain words');
  });

  it('fails with request:fail timeout once requestTimeoutMs has passed without an answer', async () => {
    const r = await request(device(200), { url: `${server.url}/hang` });
    expect(r).toMatchObject({ ok: false, err: { errMsg: 'request:fail timeout' } });
    expect(r.completed).toEqual({ errMsg: 'request:fail timeout' });
  });

  it('lets one request set its own timeout', async () => {
    const r = await request(device(), { url: `${server.url}/hang`, timeout: 100 });
    expect(r).toMatchObject({ ok: false, err: { errMsg: 'request:fail timeout' } });
  });

  it('fails when the connection is cut or refused', async () => {
    const reset = await request(device(), { url: `${server.url}/reset` });
    expect(reset).toMatchObject({ ok: false, err: { errMsg: expect.stringMatching(/^request:fail \S/) } });
    const refused = await request(device(), { url: await closedPortUrl() });
    expect(refused).toMatchObject({ ok: false, err: { errMsg: 'request:fail ECONNREFUSED' } });
  });

  it('fails with request:fail abort when the page aborts the task', async () => {
    const tt = device();
    const settled = call<RequestSuccess, RequestOptions>((o) => tt.request(o).abort(), { url: `${server.url}/hang` });
    expect(await settled).toMatchObject({ ok: false, err: { errMsg: 'request:fail abort' } });
  });

  it('fails without sending anything when the network is off', async () => {
    const tt = device();
    tt.setNetworkType('none');
    const r = await request(tt, { url: `${server.url}/echo` });
    expect(r).toMatchObject({ ok: false, err: { errMsg: 'request:fail network unavailable' } });
    tt.setNetworkType('wifi');
    expect((await request(tt, { url: `${server.url}/echo` })).ok).toBe(true);
  });
});
