import { Hono, type Context } from 'hono';
import { op, type AppEnv } from '../context.js';
import { baasFieldError } from '../errors.js';
import { Fields, readJsonObject } from '../validate.js';
import { ACCOUNT_KINDS, readName, readPassword } from './account-names.js';
import { loginAnonymously, loginWithPassword, logout, register } from './accounts.js';
import { requestEmailVerification, requestPasswordReset } from './email-flows.js';
import { requireSession } from './sessions.js';
import { loginWithSms, sendSmsCode, verifySmsCode, verifyUserPhone } from './sms.js';

/** Sign-up, login and logout, SMS codes, email verification and password reset (contract E1–E5, E10). */
export const accountRoutes = new Hono<AppEnv>();

const readBody = async (c: Context<AppEnv>): Promise<Fields> => new Fields(await readJsonObject(c, baasFieldError), baasFieldError);

/** An SMS code: the SDK passes on whatever the app gave it, a string or a number (contract E3). */
function readCode(f: Fields): string {
  const v = f.raw('code');
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v).padStart(6, '0');
  return f.string('code');
}

const origin = (c: Context<AppEnv>): string => new URL(c.req.url).origin;

for (const kind of ACCOUNT_KINDS) {
  accountRoutes.post(`/hserve/v2.1/register/${kind}/`, op('register'), async (c) => {
    const f = await readBody(c);
    const name = readName(f, kind);
    const password = readPassword(f);
    return c.json(await register(c.get('deps'), c.get('tenant'), kind, name, password, c.req.header('authorization')), 201);
  });

  accountRoutes.post(`/hserve/v2.1/login/${kind}/`, op('login'), async (c) => {
    const f = await readBody(c);
    const name = readName(f, kind);
    const password = readPassword(f);
    return c.json(await loginWithPassword(c.get('deps'), c.get('tenant'), kind, name, password), 201);
  });
}

// 201 as the contract recommends (E4, unconfirmed).
accountRoutes.post('/hserve/v2.0/login/anonymous/', op('anonymous-login'), async (c) => {
  await readBody(c);
  return c.json(loginAnonymously(c.get('deps'), c.get('tenant')), 201);
});

accountRoutes.post('/hserve/v2.0/session/destroy/', op('logout'), requireSession, (c) => {
  logout(c.get('deps'), c.get('auth')!);
  return c.json({ message: 'Destroy succeed.', status: 'ok' }, 201);
});

// No session needed: SMS login comes before any login (contract E3, unconfirmed). Both SMS POSTs answer 200.
accountRoutes.post('/hserve/v2.2/sms-verification-code/', op('sms'), async (c) => {
  const f = await readBody(c);
  const phone = readName(f, 'phone');
  f.optionalInteger('signature_id', 0); // checked, then unused: the mock sends no real SMS
  sendSmsCode(c.get('deps'), c.get('tenant'), phone);
  return c.json({ status: 'ok' }, 200);
});

accountRoutes.post('/hserve/v1.8/sms-verification-code/verify/', op('sms-verify'), async (c) => {
  const f = await readBody(c);
  const phone = readName(f, 'phone');
  verifySmsCode(c.get('deps'), c.get('tenant'), phone, readCode(f));
  return c.json({ status: 'ok' }, 200);
});

accountRoutes.post('/hserve/v2.1/login/sms/', op('sms-login'), async (c) => {
  const f = await readBody(c);
  const phone = readName(f, 'phone');
  const code = readCode(f);
  const createUser = f.boolean('create_user', true);
  return c.json(loginWithSms(c.get('deps'), c.get('tenant'), phone, code, createUser), 201);
});

// The SDK ignores this answer (contract E3, unconfirmed); the mock says ok, like the other SMS calls.
accountRoutes.post('/hserve/v2.1/sms-phone-verification/', op('phone-verify'), requireSession, async (c) => {
  const f = await readBody(c);
  verifyUserPhone(c.get('deps'), c.get('tenant'), c.get('auth')!.user.id, readCode(f));
  return c.json({ status: 'ok' }, 200);
});

accountRoutes.post('/hserve/v2.0/user/email-verify/', op('email-verify'), requireSession, async (c) => {
  await readBody(c);
  requestEmailVerification(c.get('deps'), c.get('tenant'), c.get('auth')!.user.id, origin(c));
  return c.json({ status: 'ok' }, 201);
});

accountRoutes.post('/hserve/v2.0/user/password/reset/', op('password-reset'), async (c) => {
  const f = await readBody(c);
  const email = readName(f, 'email');
  requestPasswordReset(c.get('deps'), c.get('tenant'), email, origin(c));
  return c.json({ status: 'ok' }, 201);
});
