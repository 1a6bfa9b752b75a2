import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer, type MockClient } from '../../src/index.js';
import { createTt, type FakeTt, type GetUserInfoSuccess, type LoginSuccess } from '../../src/tt/index.js';
import { call } from './call.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());

const device = (client: MockClient, options: { host?: string; person?: string; requestTimeoutMs?: number; controlToken?: string } = {}): FakeTt =>
  createTt({ url: mock.url, clientId: client.clientId, ...options });

const login = (tt: FakeTt, force?: boolean) => call<LoginSuccess, { force?: boolean }>((o) => tt.login(o), force === undefined ? {} : { force });
const userInfo = (tt: FakeTt, withCredentials?: boolean) =>
  call<GetUserInfoSuccess, { withCredentials?: boolean }>((o) => tt.getUserInfo(o), withCredentials === undefined ? {} : { withCredentials });
const checkSession = (tt: FakeTt) => call<{ errMsg: string }, object>((o) => tt.checkSession(o), {});

describe('tt.login', () => {
  it('gets a fresh code from the mock for the current person and host', async () => {
    const client = mock.newClient();
    const tt = device(client);
    const first = await login(tt);
    const second = await login(tt);
    expect(first).toMatchObject({ ok: true, res: { errMsg: 'login:ok', code: expect.any(String), anonymousCode: expect.any(String), isLogin: true } });
    expect(first.ok && second.ok && first.res.code !== second.res.code).toBe(true);
    expect(mock.requests({ clientId: client.clientId }).map((r) => [r.operation, r.person, r.status])).toEqual([
      ['tt.login', 'alice', 200],
      ['tt.login', 'alice', 200],
    ]);
  });

  it('asks with force true unless told otherwise: a person outside the host app gets a code only then', async () => {
    const tt = device(mock.newClient(), { host: 'toutiao', person: 'bob' });
    expect(await login(tt)).toMatchObject({ ok: true, res: { code: expect.any(String), isLogin: true } });
    const unforced = await login(tt, false);
    expect(unforced).toMatchObject({ ok: true, res: { isLogin: false } });
    expect(unforced.ok && 'code' in unforced.res).toBe(false);
  });

  it('fails with login:fail when a rule makes the mock refuse', async () => {
    const client = mock.newClient();
    mock.faults.add({ operation: 'tt.login', effect: 'status:500', times: 1, match: { client_id: client.clientId } });
    const r = await login(device(client));
    expect(r).toMatchObject({ ok: false, err: { errMsg: 'login:fail Internal Server Error' } });
    expect(r.completed).toEqual(r.ok ? undefined : r.err);
  });

  it('fails with login:fail timeout when the mock holds the call past requestTimeoutMs', async () => {
    const client = mock.newClient();
    mock.faults.add({ operation: 'tt.login', effect: 'timeout', times: 1, match: { client_id: client.clientId } });
    expect(await login(device(client, { requestTimeoutMs: 200 }))).toEqual({ ok: false, err: { errMsg: 'login:fail timeout' }, completed: { errMsg: 'login:fail timeout' } });
  });

  it('fails without reaching the mock when the network is off', async () => {
    const client = mock.newClient();
    const tt = device(client);
    tt.setNetworkType('none');
    expect(await login(tt)).toMatchObject({ ok: false, err: { errMsg: 'login:fail network unavailable' } });
    expect(mock.requests({ clientId: client.clientId })).toEqual([]);
  });
});

describe('tt.getUserInfo', () => {
  it('fails with invalid session before any tt.login, as the platform does', async () => {
    expect(await userInfo(device(mock.newClient()), true)).toMatchObject({ ok: false, err: { errMsg: 'getUserInfo:fail invalid session' } });
  });

  it('returns the profile, and signature, encryptedData and iv only with credentials', async () => {
    const tt = device(mock.newClient());
    await login(tt);
    const plain = await userInfo(tt);
    expect(plain.ok && Object.keys(plain.res).sort()).toEqual(['errMsg', 'rawData', 'userInfo']);
    const signed = await userInfo(tt, true);
    expect(signed).toMatchObject({
      ok: true,
      res: { errMsg: 'getUserInfo:ok', userInfo: { nickName: '爱丽丝' }, signature: expect.stringMatching(/^[0-9a-f]{40}$/), encryptedData: expect.any(String), iv: expect.any(String) },
    });
    expect(signed.ok && JSON.parse(signed.res.rawData)).toEqual(signed.ok && signed.res.userInfo);
  });

  it('fails as a refusal when a deny rule fires', async () => {
    const client = mock.newClient();
    mock.faults.add({ operation: 'tt.getUserInfo', effect: 'deny', times: 1, match: { client_id: client.clientId } });
    const tt = device(client);
    await login(tt);
    expect(await userInfo(tt, true)).toMatchObject({ ok: false, err: { errMsg: 'getUserInfo:fail auth deny', errNo: 10200 } });
    expect((await userInfo(tt, true)).ok).toBe(true);
  });
});

describe('tt.checkSession', () => {
  it('succeeds only for a person and host this device has logged in', async () => {
    const tt = device(mock.newClient());
    expect(await checkSession(tt)).toMatchObject({ ok: false, err: { errMsg: 'checkSession:fail session expired' } });
    await login(tt);
    expect(await checkSession(tt)).toMatchObject({ ok: true, res: { errMsg: 'checkSession:ok' } });
    tt.setHost('toutiao');
    expect((await checkSession(tt)).ok).toBe(false);
  });
});

describe('setPerson and setHost', () => {
  it('change whom the mock sees, and the appName the device reports', async () => {
    const client = mock.newClient();
    const tt = device(client);
    await login(tt);
    tt.setPerson('carol');
    tt.setHost('toutiao');
    expect([tt.person, tt.host, tt.getSystemInfoSync().appName]).toEqual(['carol', 'toutiao', 'Toutiao']);
    await login(tt);

    const seen = mock.requests({ clientId: client.clientId, operation: 'tt.login' });
    expect(seen.map((r) => r.person)).toEqual(['alice', 'carol']);
    expect(seen[0]!.openid).not.toBe(seen[1]!.openid);
  });
});

describe('a mock with a control token', () => {
  it('admits the fake tt only with the token', async () => {
    const guarded = await startMock({ controlToken: 'a-long-control-token' });
    try {
      const base = { url: guarded.url, clientId: guarded.clientId };
      const refused = await login(createTt(base));
      expect(refused).toMatchObject({ ok: false, err: { errMsg: 'login:fail the control API needs the control token' } });
      expect((await login(createTt({ ...base, controlToken: 'a-long-control-token' }))).ok).toBe(true);
    } finally {
      await guarded.close();
    }
  });
});
