import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The published 知晓云 web build, exactly as npm ships it: `minapp-sdk/lib/web.js`. */
const require = createRequire(import.meta.url);
const sdkRoot = dirname(require.resolve('minapp-sdk/package.json'));

export const WEB_SDK_VERSION: string = (require('minapp-sdk/package.json') as { version: string }).version;
export const webSdkSource = (): string => readFileSync(join(sdkRoot, 'lib', 'web.js'), 'utf8');

export interface Credentials {
  username?: string;
  email?: string;
  phone?: string;
  password: string;
}

/** The part of `currentUser` these tests touch (`js-sdk core/CurrentUser.js`). */
export interface SdkCurrentUser {
  id: number;
  user_id: number;
  session_expires_at: number;
  _username?: string | null;
  _email?: string | null;
  toJSON(): Record<string, unknown>;
  get(key: string): unknown;
  setUsername(username: string): Promise<SdkCurrentUser>;
  setEmail(email: string, options?: { sendVerificationEmail?: boolean }): Promise<SdkCurrentUser>;
  updatePassword(p: { password: string; newPassword: string }): Promise<SdkCurrentUser>;
}

/** The part of `window.BaaS` these tests touch. */
export interface WebSdk {
  init(clientId: string, options: { host: string; env?: string }): void;
  getAuthToken(): Promise<string | null>;
  storage: { set(key: string, value: unknown): void; get(key: string): unknown };
  auth: {
    register(c: Credentials): Promise<SdkCurrentUser>;
    login(c: Credentials): Promise<SdkCurrentUser>;
    logout(): Promise<{ status: number; data: unknown }>;
    getCurrentUser(): Promise<SdkCurrentUser>;
  };
}

/** What a page hands back to the test: plain data, since SDK objects do not cross into Node. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: SdkErrorView };
export interface SdkErrorView {
  code: unknown;
  message: string;
  isError: boolean;
}
export interface UserView {
  id: number;
  user_id: number;
  _username: string | null | undefined;
  _email: string | null | undefined;
  session_expires_at: number;
  record: Record<string, unknown>;
}

declare global {
  interface Window {
    BaaS: WebSdk;
    settle<T, V = T>(promise: Promise<T>, pick?: (value: T) => V): Promise<Settled<V>>;
    userView(user: SdkCurrentUser): UserView;
  }
}

/**
 * Runs in the page (browser or jsdom) next to web.js: turns SDK results into plain data. HError is a
 * plain Error with `code` added (`js-sdk core/HError.js`), so its fields are copied out explicitly.
 */
export const PAGE_HELPERS = `
window.settle = function (promise, pick) {
  return promise.then(
    function (value) { return { ok: true, value: pick ? pick(value) : value }; },
    function (error) {
      return { ok: false, error: { code: error && error.code, message: String(error && error.message), isError: error instanceof Error } };
    });
};
window.userView = function (u) {
  return { id: u.id, user_id: u.user_id, _username: u._username, _email: u._email, session_expires_at: u.session_expires_at, record: u.toJSON() };
};
`;
