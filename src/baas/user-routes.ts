import { Hono, type Context } from 'hono';
import { op, type AppEnv } from '../context.js';
import { BaasError, baasFieldError } from '../errors.js';
import { Fields, readJsonObject } from '../validate.js';
import { readAccountChange, updateAccount } from './account-update.js';
import { updateProfile } from './profile-update.js';
import { requireSession } from './sessions.js';
import { selectKeys } from './user-keys.js';
import { listUsers } from './user-list.js';
import { toPublicView, toSelfView } from './users.js';

/** Reading users, updating the current user's profile and account (contract E6–E9). */
export const userRoutes = new Hono<AppEnv>();

/** A user as the caller may see them: all of themself, only the public fields of others (contract E6). */
function showUser(c: Context<AppEnv>, id: number) {
  const user = c.get('deps').store.user(c.get('tenant').key, id);
  if (!user) throw new BaasError(404, `user ${id} not found`);
  const view = id === c.get('auth')!.user.id ? toSelfView(user) : toPublicView(user);
  return c.json(selectKeys(view, c.req.query('keys')), 200);
}

userRoutes.get('/hserve/v2.5/user/info/:id/', op('current-user'), requireSession, (c) => {
  const raw = c.req.param('id');
  if (!/^\d{1,16}$/.test(raw)) throw baasFieldError('id', `must be a user id (digits), not ${raw}`);
  return showUser(c, Number(raw));
});

// `BaaS.getUserInfo()` without an id lands here (contract E6); the current user, as recommended (unconfirmed).
userRoutes.get('/hserve/v2.5/user/info/', op('current-user'), requireSession, (c) => showUser(c, c.get('auth')!.user.id));

userRoutes.put('/hserve/v2.5/user/info/', op('update-user'), requireSession, async (c) => {
  const body = await readJsonObject(c, baasFieldError);
  return c.json(updateProfile(c.get('deps'), c.get('tenant'), c.get('auth')!.user.id, body), 200);
});

userRoutes.get('/hserve/v2.2/user/info/', op('user-list'), requireSession, (c) => {
  const url = new URL(c.req.url);
  const link = (offset: number, limit: number) => {
    const params = new URLSearchParams(url.search);
    params.set('limit', String(limit));
    params.set('offset', String(offset));
    return `${url.pathname}?${params}`;
  };
  const users = c.get('deps').store.tenant(c.get('tenant').key)?.users.values() ?? [];
  return c.json(listUsers(users, c.req.query(), link), 200);
});

userRoutes.put('/hserve/v2.2/user/account/', op('account'), requireSession, async (c) => {
  const change = readAccountChange(new Fields(await readJsonObject(c, baasFieldError), baasFieldError));
  return c.json(await updateAccount(c.get('deps'), c.get('tenant'), c.get('auth')!.user.id, change), 200);
});
