import { Hono } from 'hono';
import { op, type AppEnv, type Deps } from '../context.js';
import { ControlError, controlFieldError } from '../errors.js';
import type { MiniApp } from '../openplatform/platform.js';
import { identitiesOf } from '../openplatform/identities.js';
import { signUserInfo } from '../openplatform/user-info.js';
import { isTenantId } from '../store/schema.js';
import { Fields, readJsonObject } from '../validate.js';

/**
 * What happens on the device: `tt.login` and `tt.getUserInfo` for a fake person in a fake host app.
 * The fake `tt` client and tests call these; the mock's answers to them are the platform's.
 */
export const ttRoutes = new Hono<AppEnv>();

function resolveApp(deps: Deps, f: Fields): MiniApp {
  const appid = f.has('appid') ? f.string('appid') : undefined;
  if (f.has('client_id')) {
    const clientId = f.string('client_id');
    // A login for a client ID the 知晓云 side would refuse could never be used there.
    if (!isTenantId(clientId)) throw new ControlError(400, 'client_id: is not a valid client ID', 'Letters, digits, _ . - and at most 64 characters.', 'client_id');
    const app = deps.platform.appOfClient(clientId);
    if (!app) throw new ControlError(400, `client_id: unknown client ${clientId}`, 'This mock runs with --strict-clients; use a client from the store.', 'client_id');
    if (appid !== undefined && appid !== app.appid) {
      throw new ControlError(400, `appid: ${appid} is not the mini-program of client ${clientId} (${app.appid})`, 'Send client_id or appid, not both.', 'appid');
    }
    return app;
  }
  if (appid !== undefined) {
    const app = deps.platform.appByAppid(appid);
    if (!app) throw new ControlError(400, `appid: unknown mini-program ${appid}`, 'Pass client_id instead, or an appid from GET /__mock/clients.', 'appid');
    return app;
  }
  throw new ControlError(400, 'client_id: required (or appid)', 'Name the mini-program by its 知晓云 client ID or its ByteDance appid.', 'client_id');
}

function resolveHost(deps: Deps, f: Fields): string {
  const { hostApps } = deps.store.data;
  const host = f.string('host');
  if (!Object.hasOwn(hostApps, host)) {
    throw new ControlError(400, `host: unknown host app ${host}`, `Known host apps: ${Object.keys(hostApps).join(', ')}.`, 'host');
  }
  return host;
}

/** A person of the store, or a 400 naming `field`. */
function checkPerson(deps: Deps, person: string, field: string): string {
  const { people } = deps.store.data;
  if (!Object.hasOwn(people, person)) throw new ControlError(400, `${field}: unknown person ${person}`, knownPeople(people), field);
  return person;
}

// A store seeded for a load test has 100,000 people: the hint names a few and says where the rest are.
const HINTED_PEOPLE = 20;

function knownPeople(people: Record<string, unknown>): string {
  const names: string[] = [];
  let count = 0;
  for (const name in people) if (count++ < HINTED_PEOPLE) names.push(name);
  const more = count > HINTED_PEOPLE ? ` and ${(count - HINTED_PEOPLE).toLocaleString('en')} more (GET /__mock/people lists them)` : '';
  return `Known people: ${names.join(', ')}${more}.`;
}

function resolveSubject(deps: Deps, f: Fields): { app: MiniApp; host: string; person: string } {
  const app = resolveApp(deps, f);
  const host = resolveHost(deps, f);
  return { app, host, person: checkPerson(deps, f.string('person'), 'person') };
}

ttRoutes.post('/__mock/bytedance/login', op('tt.login'), async (c) => {
  const deps = c.get('deps');
  const f = new Fields(await readJsonObject(c, controlFieldError), controlFieldError);
  const { app, host, person } = resolveSubject(deps, f);
  const force = f.boolean('force', false);
  const device = f.optionalString('device');
  const r = deps.platform.login(app, host, person, { force, ...(device ? { device } : {}) });
  return c.json({ code: r.code, anonymous_code: r.anonymousCode, is_login: r.isLogin, expires_in: r.expiresIn, appid: app.appid });
});

/** People one call of POST /__mock/bytedance/logins may log in. */
export const MAX_LOGINS_PER_CALL = 10_000;

/**
 * `tt.login` for many people at once, for load tests that need thousands of codes before the clock
 * starts: one request instead of one each. Every person is checked before any code is issued. Not a
 * device call, so no fault rule aimed at tt.login fires on it and it is not in the request journal.
 */
ttRoutes.post('/__mock/bytedance/logins', op('logins'), async (c) => {
  const deps = c.get('deps');
  const f = new Fields(await readJsonObject(c, controlFieldError), controlFieldError);
  const app = resolveApp(deps, f);
  const host = resolveHost(deps, f);
  const list = f.raw('people');
  if (list === undefined || list === null) throw controlFieldError('people', 'is required');
  if (!Array.isArray(list)) throw controlFieldError('people', 'must be a list of people');
  if (list.length === 0) throw controlFieldError('people', 'must name at least one person');
  if (list.length > MAX_LOGINS_PER_CALL) {
    throw controlFieldError('people', `at most ${MAX_LOGINS_PER_CALL.toLocaleString('en')} a call; got ${list.length.toLocaleString('en')}`);
  }
  const people = list.map((person: unknown, i) => {
    if (typeof person !== 'string' || person === '') throw controlFieldError(`people[${i}]`, 'must be the name of a person');
    return checkPerson(deps, person, `people[${i}]`);
  });
  const force = f.boolean('force', false);
  const logins = people.map((person) => {
    const r = deps.platform.login(app, host, person, { force });
    return { person, code: r.code, anonymous_code: r.anonymousCode, is_login: r.isLogin, expires_in: r.expiresIn };
  });
  return c.json({ appid: app.appid, logins });
});

ttRoutes.post('/__mock/bytedance/user-info', op('tt.getUserInfo'), async (c) => {
  const deps = c.get('deps');
  const f = new Fields(await readJsonObject(c, controlFieldError), controlFieldError);
  const { app, host, person } = resolveSubject(deps, f);
  const withCredentials = f.boolean('with_credentials', false);
  const sessionKey = deps.platform.sessionKeyOf(app.appid, host, person);
  if (!sessionKey) {
    // The platform requires tt.login before tt.getUserInfo (contract A6).
    return c.json(
      {
        errMsg: 'getUserInfo:fail invalid session',
        mock: { error: `${person} has no login in ${host} for ${app.appid}`, hint: 'Call POST /__mock/bytedance/login first.' },
      },
      400,
    );
  }
  const { openid } = identitiesOf(deps.platform.seed, { appid: app.appid, host, person, developer: app.developer });
  const info = signUserInfo(deps.store.data.people[person]!, {
    openid,
    appid: app.appid,
    sessionKey,
    nowMs: deps.clock.now(),
    withCredentials,
  });
  return c.json({ errMsg: 'getUserInfo:ok', ...info });
});
