import { json } from './http-client.js';
import { Exhausted, expectStatus } from './load.js';
import { APP_NAME, HOST, PASSWORD } from './seed.js';

/** @typedef {import('./http-client.js').Connection} Connection */
/** @typedef {import('./load.js').IterationContext} IterationContext */

/**
 * The requests of the benchmark, as the ByteDance and 知晓云 SDKs send them.
 * @typedef {object} Target
 * @property {string} clientId
 * @property {number} users seeded users: people p0 … p<users-1> have one each
 */

const SILENT_LOGIN = '/hserve/v2.5/idp/bytedance/silent-login/';

/** @param {Target} t */
const baas = (t) => ({ 'x-hydrogen-client-id': t.clientId });

/** `tt.login` on the fake device. @param {Connection} conn @param {Target} t @param {string} person */
export async function mintCode(conn, t, person) {
  const r = expectStatus(await conn.request('POST', '/__mock/bytedance/login', {}, { client_id: t.clientId, host: HOST, person }), 200, 'tt.login');
  return /** @type {string} */ (json(r).code);
}

/**
 * @param {Connection} conn @param {Target} t @param {string} code
 * @returns {Promise<{ token: string, user_info: Record<string, unknown> }>}
 */
async function silentLogin(conn, t, code) {
  const r = await conn.request('POST', SILENT_LOGIN, baas(t), { code, app_name: APP_NAME, create_user: true });
  return json(expectStatus(r, 201, 'silent-login'));
}

/** A random seeded person. @param {Target} t */
const existingPerson = (t) => {
  const i = Math.floor(Math.random() * t.users);
  return { person: `p${i}`, username: `user${i}` };
};

/**
 * The full flow a mini-program runs at launch: `tt.login`, silent login, then the current user.
 * @param {Target} t
 * @returns {(ctx: IterationContext) => Promise<void>}
 */
export const loginFlow = (t) => async ({ conn, step }) => {
  const { person, username } = existingPerson(t);
  const code = await step('tt.login', () => mintCode(conn, t, person));
  const login = await step('silent-login', () => silentLogin(conn, t, code));
  if (login.user_info._username !== username) throw new Error(`silent-login of ${person} did not find ${username}`);
  const me = await step('current-user', () => conn.request('GET', '/hserve/v2.5/user/info/', { ...baas(t), authorization: `Hydrogen-r1 ${login.token}` }));
  expectStatus(me, 200, 'current-user');
};

/**
 * Silent login alone, with codes minted before the clock starts. Existing people must be found, fresh
 * ones must be created (a new user, durable before the answer).
 * @param {Target} t
 * @param {string[]} codes taken from the end
 * @param {boolean} creates
 * @returns {(ctx: IterationContext) => Promise<void>}
 */
export const silentLoginOnly = (t, codes, creates) => async ({ conn, step }) => {
  const code = codes.pop();
  if (code === undefined) throw new Exhausted();
  const login = await step('silent-login', () => silentLogin(conn, t, code));
  const created = login.user_info._username === null;
  if (created !== creates) throw new Error(`silent-login ${creates ? 'found a user for a new person' : 'created a user for a seeded person'}`);
};

/**
 * Registration with a username never used before.
 * @param {Target} t
 * @param {string} prefix unique per run
 * @returns {(ctx: IterationContext) => Promise<void>}
 */
export const register = (t, prefix) => {
  let n = 0;
  return async ({ conn, step }) => {
    const body = { username: `${prefix}-${n++}`, password: PASSWORD };
    const r = await step('register', () => conn.request('POST', '/hserve/v2.1/register/username/', baas(t), body));
    expectStatus(r, 201, 'register');
  };
};

/**
 * Password login of a seeded user.
 * @param {Target} t
 * @returns {(ctx: IterationContext) => Promise<void>}
 */
export const passwordLogin = (t) => async ({ conn, step }) => {
  const { username } = existingPerson(t);
  const r = await step('login', () => conn.request('POST', '/hserve/v2.1/login/username/', baas(t), { username, password: PASSWORD }));
  expectStatus(r, 201, 'login');
};

/**
 * Password login as one of the given users, in turn.
 * @param {Target} t
 * @param {string[]} usernames
 * @param {string} password
 * @returns {(ctx: IterationContext) => Promise<void>}
 */
export const passwordLoginAs = (t, usernames, password) => {
  let n = 0;
  return async ({ conn, step }) => {
    const username = usernames[n++ % usernames.length];
    const r = await step('login', () => conn.request('POST', '/hserve/v2.1/login/username/', baas(t), { username, password }));
    expectStatus(r, 201, 'login');
  };
};

/**
 * The ceiling: a JSON POST to the bare Hono app, with a body like a login's.
 * @returns {(ctx: IterationContext) => Promise<void>}
 */
export const echo = () => async ({ conn, step }) => {
  const r = await step('echo', () => conn.request('POST', '/echo', {}, { code: '0123456789abcdef0123456789abcdef', app_name: APP_NAME, create_user: true }));
  expectStatus(r, 200, 'echo');
};

/** People a call of `POST /__mock/bytedance/logins` logs in: well within its limit and the body limit. */
const MINT_BATCH = 2000;

/**
 * Mints one code per person before a measured run, in batches (`POST /__mock/bytedance/logins`): one
 * `tt.login` request per code minted about 8,500 a second, 17.5 s of a 51-second quick run.
 * @param {() => Connection} connect
 * @param {Target} t
 * @param {string[]} people
 * @returns {Promise<string[]>}
 */
export async function mintCodes(connect, t, people) {
  /** @type {string[]} */
  const codes = [];
  if (people.length === 0) return codes;
  const conn = connect();
  try {
    for (let i = 0; i < people.length; i += MINT_BATCH) {
      const batch = people.slice(i, i + MINT_BATCH);
      const r = expectStatus(await conn.request('POST', '/__mock/bytedance/logins', {}, { client_id: t.clientId, host: HOST, people: batch }), 200, 'tt.login ×' + batch.length);
      for (const login of /** @type {{ logins: { code: string }[] }} */ (json(r)).logins) codes.push(login.code);
    }
  } finally {
    conn.close();
  }
  return codes;
}
