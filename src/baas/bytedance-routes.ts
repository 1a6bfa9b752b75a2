import { Hono } from 'hono';
import { op, type AppContext, type AppEnv } from '../context.js';
import { baasFieldError } from '../errors.js';
import { writeRawStatus } from '../faults/raw-response.js';
import { Fields, readJsonObject } from '../validate.js';
import type { SignedProfile } from './bytedance-identity.js';
import { linkTt } from './bytedance-link.js';
import { loginWithTt, resolveTtAccount, type TtLoginResult } from './bytedance-login.js';
import { normaliseSync, type ProfileSync } from './profile-sync.js';
import { requireSession } from './sessions.js';
import { toSelfView } from './users.js';

/**
 * ByteDance login on 知晓云 (contract C1–C3). Login ignores `Authorization`: the SDK sends a stale token
 * along whenever one is stored (contract C, B8).
 */
export const bytedanceRoutes = new Hono<AppEnv>();

export const SILENT_LOGIN_PATH = '/hserve/v2.5/idp/bytedance/silent-login/';

// The plain case of this route is also answered before Hono, alike (direct-silent-login.ts).
bytedanceRoutes.post(SILENT_LOGIN_PATH, op('silent-login'), async (c) => {
  const f = new Fields(await readJsonObject(c, baasFieldError), baasFieldError);
  const req = { code: f.string('code'), appName: f.string('app_name'), createUser: f.boolean('create_user', true) };
  noteWho(c, req.code);
  const result = loginWithTt(c.get('deps'), c.get('tenant'), req);
  c.set('openid', result.openid);
  // 201, as in the SDK's tests (contract C1); any 2xx would do.
  return c.json(ttLoginAnswer(result), 201);
});

bytedanceRoutes.post('/hserve/v2.5/idp/bytedance/authenticate/', op('authenticate', { handles: ['603'] }), async (c) => {
  const f = new Fields(await readJsonObject(c, baasFieldError), baasFieldError);
  const account = { code: f.string('code'), appName: f.string('app_name'), createUser: f.boolean('create_user', true) };
  noteWho(c, account.code);
  if (c.get('fault')?.type === '603') {
    // The 603 switch: the account is resolved as silent login would, then the refusal the official docs
    // describe is answered with its id and openid; the SDK rejects with code 603 (contract D).
    const { user, openid } = resolveTtAccount(c.get('deps'), c.get('tenant'), account);
    return writeRawStatus(c, 603, { code: 603, message: 'unauthorized', id: user.id, openid });
  }
  const req = { ...account, authorized: readSignedProfile(f) };
  const result = loginWithTt(c.get('deps'), c.get('tenant'), req);
  c.set('openid', result.openid);
  return c.json(ttLoginAnswer(result), 201);
});

// The session is checked before the body is read: with autoLogin the SDK answers a 401 by logging in
// again and resending the same code, which must still be unspent (contract B9, C3).
bytedanceRoutes.post('/hserve/v2.4/idp/bytedance/user-association/', op('user-association'), requireSession, async (c) => {
  const f = new Fields(await readJsonObject(c, baasFieldError), baasFieldError);
  const code = f.string('code');
  const appName = f.string('app_name');
  const forced = SIGNED_FIELDS.some((name) => f.has(name));
  const req = { code, appName, ...(forced ? { authorized: readSignedProfile(f) } : {}) };
  noteWho(c, code);
  const linked = linkTt(c.get('deps'), c.get('tenant'), c.get('auth')!.user.id, req);
  c.set('openid', linked.openid);
  return c.json({ status: 'ok', message: 'User associated.', openid: linked.openid, user_id: linked.userId }, 200);
});

/** The journal shows whose code this is; the mock knows it, the real server would not. */
function noteWho(c: AppContext, code: string): void {
  const subject = c.get('deps').platform.peek(code);
  if (subject) c.set('person', subject.person);
}

const SIGNED_FIELDS = ['rawData', 'signature', 'encryptedData', 'iv'] as const;

/** The `tt.getUserInfo` fields, under the SDK's camelCase names, and `update_userprofile` (contract C2). */
function readSignedProfile(f: Fields): SignedProfile & { sync: ProfileSync } {
  return {
    rawData: f.string('rawData'),
    signature: f.string('signature'),
    encryptedData: f.string('encryptedData'),
    iv: f.string('iv'),
    sync: normaliseSync(f.raw('update_userprofile')),
  };
}

/**
 * `user_info` is the full record: the SDK builds the current user from it without a GET (contract C1).
 * The top-level `openid` is this host's ByteDance openid; the first-level `openid` stays the WeChat one
 * (null here), as the contract recommends (C1, unconfirmed).
 */
export function ttLoginAnswer(r: TtLoginResult) {
  return { token: r.token, expires_in: r.expiresIn, openid: r.openid, user_info: toSelfView(r.user) };
}
