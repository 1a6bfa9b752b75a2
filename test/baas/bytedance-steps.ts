import { issueSession } from '../../src/baas/sessions.js';
import { changedUser } from '../../src/baas/users.js';
import { identitiesOf } from '../../src/openplatform/identities.js';
import type { UserRecord } from '../../src/store/schema.js';
import { DEMO, expectStatus, hserve, ttLogin, ttUserInfo, type TestMock } from '../helpers.js';

export const SILENT_LOGIN = '/hserve/v2.5/idp/bytedance/silent-login/';
export const AUTHENTICATE = '/hserve/v2.5/idp/bytedance/authenticate/';
export const USER_ASSOCIATION = '/hserve/v2.4/idp/bytedance/user-association/';

/** The fixture user `ifanrx` (password 111111). */
export const IFANRX_ID = 310000000000001;

/** The ids code2session reports for a person of the demo mini-program in a host app. */
export const idsOf = (t: TestMock, person: string, host: string) =>
  identitiesOf(t.platform.seed, { appid: DEMO.appid, host, person, developer: 'demo-developer' });

/** A fresh `tt.login` code; fails the test if the person gets none. */
export async function codeFor(t: TestMock, person = 'alice', host = 'douyin'): Promise<string> {
  const { code } = await ttLogin(t, person, host);
  if (!code) throw new Error(`${person} got no code in ${host}`);
  return code;
}

/** `tt.login` then the silent-login request, as `loginWithTt()` sends it. */
export async function silentLogin(t: TestMock, person = 'alice', host = 'douyin', extra: Record<string, unknown> = {}) {
  return hserve(t, 'POST', SILENT_LOGIN, { code: await codeFor(t, person, host), app_name: host, create_user: true, ...extra });
}

/** `tt.login`, `tt.getUserInfo({withCredentials: true})`, then the fields authenticate and forced linkTt send. */
export async function signedBody(t: TestMock, person = 'alice', host = 'douyin') {
  const code = await codeFor(t, person, host);
  const { rawData, signature, encryptedData, iv } = await ttUserInfo(t, person, host);
  return { code, app_name: host, rawData, signature, encryptedData, iv };
}

/** A successful silent login; returns the response body. */
export async function loggedIn(t: TestMock, person = 'alice', host = 'douyin') {
  return expectStatus(await silentLogin(t, person, host), 201);
}

export const tenantOf = (t: TestMock) => t.store.tenant(DEMO.clientId)!;
export const userCount = (t: TestMock) => tenantOf(t).users.size;
export const userOf = (t: TestMock, id: number) => t.store.user(DEMO.clientId, id)!;

/** A session for a stored user, as a password login would start one. */
export function sessionFor(t: TestMock, userId: number): string {
  return issueSession(t.deps, DEMO.clientId, userId, 'username').token;
}

/** Changes stored fields of a user, as the user's own profile update would. */
export function setUserFields(t: TestMock, userId: number, fields: Partial<UserRecord>): void {
  const user = userOf(t, userId);
  t.store.write((w) => w.putUser(DEMO.clientId, changedUser(user, user.updated_at, fields)));
}
