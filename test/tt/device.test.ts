import { describe, expect, it } from 'vitest';
import { createTt, installTt, type FakeTt } from '../../src/tt/index.js';
import { call } from './call.js';

// Nothing here reaches a server: storage, system info and UI live on the device.
const device = (options: { host?: string; appName?: string; platform?: string } = {}): FakeTt =>
  createTt({ url: 'http://127.0.0.1:9', clientId: 'unused', ...options });

describe('storage', () => {
  it('keeps values as JSON per device, and gives an empty string for a missing key', () => {
    const tt = device();
    tt.setStorageSync('ifx_baas_uid', 310000000000001);
    tt.setStorageSync('when', new Date(Date.UTC(2025, 0, 1)));
    tt.setStorageSync('info', { id: 1, nested: { a: [1, 2] } });
    expect(tt.getStorageSync('ifx_baas_uid')).toBe(310000000000001);
    expect(tt.getStorageSync('when')).toBe('2025-01-01T00:00:00.000Z');
    expect(tt.getStorageSync('info')).toEqual({ id: 1, nested: { a: [1, 2] } });
    expect(tt.getStorageSync('missing')).toBe('');
    expect(device().getStorageSync('ifx_baas_uid')).toBe('');

    const stored = tt.getStorageSync('info') as { id: number };
    stored.id = 2;
    expect(tt.getStorageSync('info')).toEqual({ id: 1, nested: { a: [1, 2] } });
    expect(tt.getStorageInfoSync().keys).toEqual(['ifx_baas_uid', 'when', 'info']);
    tt.removeStorageSync('when');
    expect(tt.getStorageInfoSync().keys).toEqual(['ifx_baas_uid', 'info']);
    tt.clearStorageSync();
    expect(tt.getStorageInfoSync().keys).toEqual([]);
  });

  it('offers the same through callbacks, failing getStorage for a missing key', async () => {
    const tt = device();
    expect(await call((o) => tt.setStorage(o), { key: 'k', data: [1] })).toMatchObject({ ok: true, res: { errMsg: 'setStorage:ok' } });
    expect(await call((o) => tt.getStorage(o), { key: 'k' })).toMatchObject({ ok: true, res: { errMsg: 'getStorage:ok', data: [1] } });
    expect(await call((o) => tt.getStorageInfo(o), {})).toMatchObject({ ok: true, res: { keys: ['k'] } });
    expect(await call((o) => tt.removeStorage(o), { key: 'k' })).toMatchObject({ ok: true });
    expect(await call((o) => tt.getStorage(o), { key: 'k' })).toMatchObject({ ok: false, err: { errMsg: 'getStorage:fail data not found' } });
    tt.setStorageSync('x', 1);
    await call((o) => tt.clearStorage(o), {});
    expect(tt.getStorageSync('x')).toBe('');
  });

  it('answers a callback only after the call has returned, as the device does', () => {
    const tt = device();
    let answered = false;
    tt.setStorage({ key: 'k', data: 1, success: () => (answered = true) });
    expect(answered).toBe(false);
  });
});

describe('getSystemInfoSync', () => {
  it('reports the appName of the shipped host apps and platform devtools', () => {
    const names = ['douyin', 'toutiao', 'news_article_lite', 'devtools'].map((host) => device({ host }).getSystemInfoSync().appName);
    expect(names).toEqual(['Douyin', 'Toutiao', 'news_article_lite', 'devtools']);
    expect(device().getSystemInfoSync()).toMatchObject({ appName: 'Douyin', platform: 'devtools' });
  });

  it('takes appName and platform from the options, and the host key for a host it does not know', () => {
    expect(device({ host: 'douyin', appName: 'douyin_lite', platform: 'ios' }).getSystemInfoSync()).toMatchObject({ appName: 'douyin_lite', platform: 'ios' });
    expect(device({ host: 'xigua' }).getSystemInfoSync().appName).toBe('xigua');
    const tt = device();
    tt.setHost('aweme_hotsoon', 'Aweme_Hotsoon');
    expect(tt.getSystemInfoSync().appName).toBe('Aweme_Hotsoon');
  });
});

describe('getNetworkType', () => {
  it('reports wifi, and none once the network is cut', async () => {
    const tt = device();
    expect(await call((o) => tt.getNetworkType(o), {})).toMatchObject({ ok: true, res: { errMsg: 'getNetworkType:ok', networkType: 'wifi' } });
    tt.setNetworkType('none');
    expect(await call((o) => tt.getNetworkType(o), {})).toMatchObject({ ok: true, res: { networkType: 'none' } });
  });
});

describe('UI calls', () => {
  it('succeed without doing anything, confirm a modal, and are kept for the test', async () => {
    const tt = device();
    tt.showLoading({ title: '登录中' });
    tt.hideLoading();
    const modal = await call((o) => tt.showModal(o), { title: '提示', content: '需要授权' });
    expect(modal).toMatchObject({ ok: true, res: { errMsg: 'showModal:ok', confirm: true, cancel: false } });
    expect(tt.uiCalls).toEqual([
      { api: 'showLoading', options: { title: '登录中' } },
      { api: 'hideLoading', options: {} },
      { api: 'showModal', options: { title: '提示', content: '需要授权' } },
    ]);
  });
});

describe('installTt', () => {
  it('puts the fake tt on the global and puts back what was there', () => {
    const g = globalThis as { tt?: unknown };
    const before = Object.hasOwn(g, 'tt');
    const undoFirst = installTt({ url: 'http://127.0.0.1:9', clientId: 'first' });
    const first = g.tt;
    expect((first as FakeTt).getSystemInfoSync().appName).toBe('Douyin');

    const second = device({ host: 'toutiao' });
    const undoSecond = installTt(second);
    expect(g.tt).toBe(second);
    undoSecond();
    expect(g.tt).toBe(first);
    undoFirst();
    expect(Object.hasOwn(g, 'tt')).toBe(before);
  });
});

describe('createTt', () => {
  it('refuses options it cannot work with, naming them', () => {
    expect(() => createTt({ url: '', clientId: 'x' })).toThrow(/url/);
    expect(() => createTt({ url: 'http://127.0.0.1:9', clientId: '' })).toThrow(/clientId/);
    expect(() => createTt({ url: 'http://127.0.0.1:9', clientId: 'x', requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
  });
});
