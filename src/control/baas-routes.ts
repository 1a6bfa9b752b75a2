import { Hono, type Context } from 'hono';
import { op, type AppEnv } from '../context.js';
import { ControlError, controlFieldError } from '../errors.js';
import { completeEmailVerification, completePasswordReset, checkEmailToken } from '../baas/email-flows.js';
import { listOutbox } from '../baas/outbox.js';
import { isTenantId, tenantKey } from '../store/schema.js';
import { Fields, readJsonObject } from '../validate.js';

/**
 * What the fake 知晓云 holds, for tests and developers: users, and the SMS and mails it "sent"; and the
 * pages behind the links in those mails (contract E10 asks the mock to expose sent mails).
 */
export const baasControlRoutes = new Hono<AppEnv>();

/** The tenant named by `client_id` (default: the first client of the fixtures) and `env_id`. */
function tenantOf(c: Context<AppEnv>): { clientId: string; envId: string; key: string } {
  const { store, platform } = c.get('deps');
  const clientId = c.req.query('client_id') || Object.keys(store.data.clients)[0];
  if (!clientId || !isTenantId(clientId) || !platform.appOfClient(clientId)) {
    throw new ControlError(400, `client_id: unknown client ${clientId ?? ''}`, 'See GET /__mock/clients.', 'client_id');
  }
  const envId = c.req.query('env_id') ?? '';
  if (envId && !isTenantId(envId)) throw new ControlError(400, 'env_id: is not a valid environment ID', undefined, 'env_id');
  return { clientId, envId, key: tenantKey(clientId, envId) };
}

function count(c: Context<AppEnv>, name: string, fallback: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n > max) throw controlFieldError(name, `must be a whole number from 0 to ${max}`);
  return n;
}

// Full records, as their owners see them; password hashes live apart from records and never leave.
baasControlRoutes.get('/__mock/users', op('users'), (c) => {
  const { clientId, envId, key } = tenantOf(c);
  const limit = count(c, 'limit', 100, 1000);
  const offset = count(c, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const { total, users } = c.get('deps').store.usersById(key, offset, limit);
  return c.json({ client_id: clientId, env_id: envId, total, users });
});

baasControlRoutes.get('/__mock/outbox', op('outbox'), (c) => {
  const { clientId, envId, key } = tenantOf(c);
  const items = listOutbox(c.get('deps').store.tenant(key), { to: c.req.query('to') || undefined, limit: count(c, 'limit', 100, 1000) });
  return c.json({
    client_id: clientId,
    env_id: envId,
    messages: items.map((m) => ({
      id: m.id,
      kind: m.kind,
      purpose: m.purpose,
      to: m.to,
      code: m.code ?? null,
      link: m.link ?? null,
      text: m.text,
      sent_at: m.sentAt,
    })),
  });
});

const tokenOf = (c: Context<AppEnv>): string => {
  const token = c.req.query('token');
  if (!token) throw new ControlError(400, 'token: is required', 'Open the link from the mail in GET /__mock/outbox.', 'token');
  return token;
};

// The link of a verification mail: opening it verifies the address.
baasControlRoutes.get('/__mock/verify-email', op('verify-email-link'), (c) => {
  const target = completeEmailVerification(c.get('deps'), tokenOf(c));
  return c.json({ status: 'ok', user_id: target.userId, email: target.email, email_verified: true });
});

// The link of a reset mail says how to finish; POST with the new password finishes.
baasControlRoutes.get('/__mock/password-reset', op('password-reset-link'), (c) => {
  const target = checkEmailToken(c.get('deps'), 'password-reset', tokenOf(c));
  return c.json({
    status: 'ok',
    user_id: target.userId,
    email: target.email,
    hint: 'POST /__mock/password-reset with {"token": "…", "password": "…"} to set the new password.',
  });
});

baasControlRoutes.post('/__mock/password-reset', op('password-reset-link'), async (c) => {
  const f = new Fields(await readJsonObject(c, controlFieldError), controlFieldError);
  const token = f.string('token');
  const password = f.string('password');
  const target = await completePasswordReset(c.get('deps'), token, password);
  return c.json({ status: 'ok', user_id: target.userId, email: target.email });
});

// Sessions issued since the mock started (tokens are signed and checked without a look-up, so this is
// a view, not the source of truth); a logged-out or expired session is marked, never its token shown.
baasControlRoutes.get('/__mock/sessions', op('sessions'), (c) => {
  const { clientId, envId, key } = tenantOf(c);
  const deps = c.get('deps');
  const tenant = deps.store.tenant(key);
  const now = deps.clock.now();
  const sessions = deps.sessions.list(key).map((s) => ({
    user_id: s.userId,
    method: s.method,
    created_at: s.issuedAt,
    expires_at: s.expiresAt,
    token_hint: s.nonce.slice(0, 6),
    state: tenant?.revoked[s.nonce] !== undefined || s.epoch !== (tenant?.epoch ?? '') ? 'ended' : s.expiresAt <= now ? 'expired' : 'live',
  }));
  return c.json({ client_id: clientId, env_id: envId, sessions });
});
