import type { TtUserInfo } from '../openplatform/user-info.js';

/** How a fake `tt` reaches the mock, and who is holding the phone. */
export interface TtOptions {
  /** The mock's base URL, e.g. `mock.url`. */
  url: string;
  /** The 知晓云 client ID of the mini-program; the mock knows its appid. */
  clientId: string;
  /** The host app the mini-program runs in (a key of the fixtures' host apps). @default 'douyin' */
  host?: string;
  /** The fake person logged in to the host app. @default 'alice' */
  person?: string;
  /** What `getSystemInfoSync().appName` reports in this host. @default the shipped fixtures' name (`Douyin`, `Toutiao`, …) */
  appName?: string;
  /** What `getSystemInfoSync().platform` reports. @default 'devtools' */
  platform?: string;
  /** How long `request`, `login` and `getUserInfo` wait before failing. @default 60000, the platform's bound */
  requestTimeoutMs?: number;
  /** The mock's control token, when it was started with one. */
  controlToken?: string;
  /** The device name behind `anonymousCode` (one anonymous openid per device). @default the person's phone */
  device?: string;
}

/** The argument of every `fail` callback. */
export interface TtFail {
  errMsg: string;
  errNo?: number;
}

/** The callbacks every asynchronous `tt` API takes; `complete` runs after `success` or `fail`. */
export type Callbacks<S> = {
  success?: (res: S) => void;
  fail?: (err: TtFail) => void;
  complete?: (res: S | TtFail) => void;
};

export interface LoginSuccess {
  errMsg: 'login:ok';
  /** Only when the person is logged in to the host app (always with `force: true`). */
  code?: string;
  anonymousCode: string;
  isLogin: boolean;
}

/** `tt.getUserInfo().userInfo`: the platform's own shape (contract A6). */
export type UserInfo = TtUserInfo;

export interface GetUserInfoSuccess {
  errMsg: 'getUserInfo:ok';
  userInfo: UserInfo;
  rawData: string;
  /** Only with `withCredentials: true`, as the next four. */
  signature?: string;
  encryptedData?: string;
  iv?: string;
}

export interface RequestOptions extends Callbacks<RequestSuccess> {
  url: string;
  /** @default 'GET' */
  method?: string;
  /** Query string for GET; JSON body otherwise (form-encoded if the header says so). */
  data?: unknown;
  header?: Record<string, string>;
  /** 'json' parses the body when it is JSON. @default 'json' */
  dataType?: string;
  /** 'arraybuffer' hands `data` over as an ArrayBuffer. @default 'text' */
  responseType?: string;
  /** Milliseconds; @default the fake tt's requestTimeoutMs */
  timeout?: number;
}

export interface RequestSuccess {
  /** Any HTTP status, 603 included: `success` fires for every answer. */
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
  errMsg: 'request:ok';
}

export interface RequestTask {
  abort(): void;
}

export interface SystemInfo {
  appName: string;
  platform: string;
  brand: string;
  model: string;
  system: string;
  version: string;
  SDKVersion: string;
  language: string;
  pixelRatio: number;
  screenWidth: number;
  screenHeight: number;
  windowWidth: number;
  windowHeight: number;
}

/** What a UI call takes: its own fields (`title`, `icon`, …) and the callbacks. */
export type UiOptions<S = { errMsg: string }> = Callbacks<S> & { [field: string]: unknown };

/** A UI call the page made, kept so a test can check what the person was shown. */
export interface UiCall {
  api: 'showToast' | 'hideToast' | 'showModal' | 'showLoading' | 'hideLoading';
  options: Record<string, unknown>;
}

/** A fake `tt` for Node: what the 知晓云 SDK and typical page code call, reaching the mock over HTTP. */
export interface FakeTt {
  /** `tt.login`: a fresh code from the mock; `force` defaults to true, as the platform's. */
  login(options?: { force?: boolean } & Callbacks<LoginSuccess>): void;
  /** Succeeds when this device logged the current person in to the current host. */
  checkSession(options?: Callbacks<{ errMsg: string }>): void;
  /** `tt.getUserInfo`, signed and encrypted with the session_key of the last `login`. */
  getUserInfo(options?: { withCredentials?: boolean } & Callbacks<GetUserInfoSuccess>): void;
  /** `tt.request`: `success` for every HTTP status, `fail` only when no answer came in time. */
  request(options: RequestOptions): RequestTask;
  /** Reports `wifi` unless `setNetworkType('none')` cut the network. */
  getNetworkType(options?: Callbacks<{ errMsg: string; networkType: string }>): void;
  getSystemInfoSync(): SystemInfo;
  getSystemInfo(options?: Callbacks<SystemInfo & { errMsg: string }>): void;

  setStorageSync(key: string, data: unknown): void;
  /** The stored value, or `''` when there is none (as on the device). */
  getStorageSync(key: string): unknown;
  removeStorageSync(key: string): void;
  clearStorageSync(): void;
  getStorageInfoSync(): { keys: string[]; currentSize: number; limitSize: number };
  setStorage(options: { key: string; data: unknown } & Callbacks<{ errMsg: string }>): void;
  getStorage(options: { key: string } & Callbacks<{ errMsg: string; data: unknown }>): void;
  removeStorage(options: { key: string } & Callbacks<{ errMsg: string }>): void;
  clearStorage(options?: Callbacks<{ errMsg: string }>): void;
  getStorageInfo(options?: Callbacks<{ errMsg: string; keys: string[]; currentSize: number; limitSize: number }>): void;

  showToast(options?: UiOptions): void;
  hideToast(options?: UiOptions): void;
  /** Confirmed at once: `success` gets `{confirm: true, cancel: false}`. */
  showModal(options?: UiOptions<{ errMsg: string; confirm: boolean; cancel: boolean }>): void;
  showLoading(options?: UiOptions): void;
  hideLoading(options?: UiOptions): void;

  /** Someone else picks up the phone: later calls are this person's. */
  setPerson(person: string): void;
  /** The mini-program now runs in another host app; `appName` as in the options. */
  setHost(host: string, appName?: string): void;
  /** `'none'` cuts the network: every call fails without reaching the mock. @default 'wifi' */
  setNetworkType(type: string): void;
  readonly person: string;
  readonly host: string;
  /** Every UI call so far, oldest first. */
  readonly uiCalls: UiCall[];
  /** The 知晓云 SDK puts itself here when it loads, as page code expects. */
  BaaS?: unknown;
}
