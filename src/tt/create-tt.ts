import { later, succeed } from './callbacks.js';
import { checkSession, getUserInfo, login } from './account.js';
import { online, type Device } from './device.js';
import { appNameOf } from './host-apps.js';
import { ttRequest } from './request.js';
import { createStorage } from './storage.js';
import type { FakeTt, SystemInfo, TtOptions, UiCall } from './types.js';
import { createUi } from './ui.js';

/** The platform's bound on `tt.request` (contract A8). */
const PLATFORM_TIMEOUT_MS = 60_000;

/**
 * A fake `tt` for one device, reaching the mock only over HTTP.
 *
 * @example const tt = createTt({ url: mock.url, clientId: mock.clientId, host: 'douyin', person: 'alice' });
 */
export function createTt(options: TtOptions): FakeTt {
  if (!options?.url) throw new TypeError('createTt: url is required (the mock\'s base URL)');
  if (!options.clientId) throw new TypeError('createTt: clientId is required');
  const timeoutMs = options.requestTimeoutMs ?? PLATFORM_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError('createTt: requestTimeoutMs must be a positive number of milliseconds');
  const host = options.host ?? 'douyin';
  const d: Device = {
    url: options.url,
    clientId: options.clientId,
    host,
    person: options.person ?? 'alice',
    appName: appNameOf(host, options.appName),
    platform: options.platform ?? 'devtools',
    timeoutMs,
    controlToken: options.controlToken,
    device: options.device,
    networkType: 'wifi',
    logins: new Set(),
  };
  const uiCalls: UiCall[] = [];
  const systemInfo = (): SystemInfo => ({
    appName: d.appName,
    platform: d.platform,
    brand: 'devtools',
    model: 'tt-baas-mock',
    system: 'tt-baas-mock',
    version: '0.0.0',
    SDKVersion: '2.0.0',
    language: 'zh_CN',
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: 375,
    windowHeight: 812,
  });

  return {
    login: (o) => login(d, o),
    checkSession: (o) => checkSession(d, o),
    getUserInfo: (o) => getUserInfo(d, o),
    request: (o) => ttRequest({ timeoutMs: d.timeoutMs, online: () => online(d) }, o),
    // Always answers: the SDK waits on getNetworkType with no fail callback (contract A1).
    getNetworkType: (o) => later(() => succeed(o, { errMsg: 'getNetworkType:ok', networkType: d.networkType })),
    getSystemInfoSync: systemInfo,
    getSystemInfo: (o) => later(() => succeed(o, { errMsg: 'getSystemInfo:ok', ...systemInfo() })),
    ...createStorage(),
    ...createUi(uiCalls),
    setPerson(person) {
      d.person = person;
    },
    setHost(next, appName) {
      d.host = next;
      d.appName = appNameOf(next, appName);
    },
    setNetworkType(type) {
      d.networkType = type;
    },
    get person() {
      return d.person;
    },
    get host() {
      return d.host;
    },
    uiCalls,
  };
}
