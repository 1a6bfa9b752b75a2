import type { Clock } from '../clock.js';
import { deriveClientApp, newLoginCode, newSessionKey } from '../ids.js';
import type { Client } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { platformError } from './error-codes.js';
import { anonymousOpenidOf, identitiesOf, type Identities, type Subject } from './identities.js';

/** A mini-program as the open platform knows it, and the 知晓云 client it belongs to. */
export interface MiniApp {
  clientId: string;
  appid: string;
  secret: string;
  developer: string;
  /** True for a client that is not in the fixtures: its appid and secret are derived from its id. */
  derived: boolean;
}

interface CodeGrant {
  subject: Subject;
  /** Derived when the code is issued: the exchange, on every login's path, then only reads them. */
  identities: Identities;
  sessionKey: string;
  expiresAt: number;
}

interface AnonymousGrant {
  appid: string;
  host: string;
  device: string;
  expiresAt: number;
}

export interface LoginResult {
  code: string | null;
  anonymousCode: string;
  isLogin: boolean;
  expiresIn: number;
}

export interface Exchange {
  appid: string;
  secret: string;
  code?: string | undefined;
  anonymousCode?: string | undefined;
}

export interface ExchangeResult {
  sessionKey?: string;
  openid?: string;
  unionid?: string;
  anonymousOpenid?: string;
  /** Whose code it was: known to the mock, not part of the platform's answer. */
  subject?: Subject;
}

/**
 * The fake platform's short-lived state: login codes and session keys. Like the real platform's, it
 * lives minutes, so it is kept in memory; a restart is as if every device's login lapsed (see
 * docs/differences.md). Identities are derived, not stored.
 */
export class OpenPlatform {
  #codes = new Map<string, CodeGrant>();
  #anonymousCodes = new Map<string, AnonymousGrant>();
  #sessionKeys = new Map<string, string>();
  #derived = new Map<string, MiniApp>();
  // Every 知晓云 call asks for its client's app: made once per stored client record, and once per
  // derived client ID and seed (deriving one takes two HMACs).
  #storedApps = new WeakMap<Client, MiniApp>();
  #derivedByClient = new Map<string, { seed: string; app: MiniApp }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: { codeTtlSeconds: number; strictClients: boolean },
  ) {}

  get seed(): string {
    return this.store.data.platform.seed;
  }

  /** The mini-program of a 知晓云 client; unknown clients get a derived one unless clients are strict. */
  appOfClient(clientId: string): MiniApp | undefined {
    // store.client() reads own keys only: a client ID such as `constructor` finds no client.
    const client = this.store.client(clientId);
    if (client) {
      // Client records are replaced, never edited in place (import, reset): one app per record.
      let app = this.#storedApps.get(client);
      if (!app) this.#storedApps.set(client, (app = { clientId, appid: client.appid, secret: client.secret, developer: client.developer, derived: false }));
      return app;
    }
    if (this.options.strictClients) return undefined;
    const seed = this.seed;
    const known = this.#derivedByClient.get(clientId);
    if (known?.seed === seed) return known.app;
    const { appid, secret } = deriveClientApp(seed, clientId);
    const app: MiniApp = { clientId, appid, secret, developer: `developer-of-${clientId}`, derived: true };
    this.#derived.set(appid, app);
    this.#derivedByClient.set(clientId, { seed, app });
    return app;
  }

  /** The mini-program with this appid: a fixture's, or a derived one already seen by its client ID. */
  appByAppid(appid: string): MiniApp | undefined {
    const clientId = this.store.clientIdByAppid(appid);
    if (clientId) return this.appOfClient(clientId);
    return this.#derived.get(appid) ?? this.#derivedFromTenants(appid);
  }

  /** Client IDs outside the store that were given a derived mini-program since the last reset. */
  derivedClientIds(): string[] {
    return [...this.#derived.values()].map((app) => app.clientId);
  }

  // A client whose users are stored but whose ID has not been seen since start: register every stored
  // client once (again only when tenants were added), so an unknown appid costs no scan.
  #tenantsSeen = -1;
  #derivedFromTenants(appid: string): MiniApp | undefined {
    const tenants = this.store.data.tenants;
    const count = Object.keys(tenants).length;
    if (this.options.strictClients || count === this.#tenantsSeen) return undefined;
    this.#tenantsSeen = count;
    for (const tenant of Object.values(tenants)) this.appOfClient(tenant.clientId);
    return this.#derived.get(appid);
  }

  /**
   * `tt.login`: a fresh code (only if the person is logged into the host app, or `force` stands for
   * the host's login prompt being accepted), always an anonymous code, and a new session_key for this
   * person, app and host (contract A1, A4).
   */
  login(app: MiniApp, host: string, person: string, opts: { force?: boolean; device?: string } = {}): LoginResult {
    const now = this.clock.now();
    const ttl = this.options.codeTtlSeconds * 1000;
    this.#sweep(now);
    const p = this.store.data.people[person]!;
    const isLogin = p.loggedInto.includes(host);
    const anonymousCode = newLoginCode();
    this.#anonymousCodes.set(anonymousCode, { appid: app.appid, host, device: opts.device ?? p.device ?? `${person}-phone`, expiresAt: now + ttl });
    if (!isLogin && !opts.force) return { code: null, anonymousCode, isLogin, expiresIn: this.options.codeTtlSeconds };

    const sessionKey = newSessionKey();
    this.#sessionKeys.set(keyOf(app.appid, host, person), sessionKey);
    const code = newLoginCode();
    const subject = { appid: app.appid, host, person, developer: app.developer };
    this.#codes.set(code, { subject, identities: identitiesOf(this.seed, subject), sessionKey, expiresAt: now + ttl });
    return { code, anonymousCode, isLogin: isLogin || !!opts.force, expiresIn: this.options.codeTtlSeconds };
  }

  /** Whose code this is, without spending it: fault rules match a request's person and openid by it. */
  peek(code: string): Subject | undefined {
    return this.#codes.get(code)?.subject;
  }

  /** The session_key of the person's latest `tt.login` in this app and host. */
  sessionKeyOf(appid: string, host: string, person: string): string | undefined {
    return this.#sessionKeys.get(keyOf(appid, host, person));
  }

  /** code2session: checks everything first, then consumes the codes, so a failed call spends none. */
  exchange(req: Exchange): ExchangeResult {
    if (!req.appid) throw platformError('BAD_PARAMS', 'appid is required');
    if (!req.secret) throw platformError('BAD_PARAMS', 'secret is required');
    if (!req.code && !req.anonymousCode) throw platformError('BAD_PARAMS', 'code or anonymous_code is required');
    const app = this.appByAppid(req.appid);
    if (!app) throw platformError('BAD_APPID');
    if (app.secret !== req.secret) throw platformError('BAD_SECRET');

    const now = this.clock.now();
    const grant = req.code ? this.#codes.get(req.code) : undefined;
    if (req.code) {
      if (!grant || grant.subject.appid !== req.appid) throw platformError('BAD_CODE', 'unknown or already used');
      if (grant.expiresAt <= now) throw platformError('BAD_CODE', 'expired');
    }
    const anonymous = req.anonymousCode ? this.#anonymousCodes.get(req.anonymousCode) : undefined;
    if (req.anonymousCode) {
      if (!anonymous || anonymous.appid !== req.appid) throw platformError('BAD_ANONYMOUS_CODE', 'unknown or already used');
      if (anonymous.expiresAt <= now) throw platformError('BAD_ANONYMOUS_CODE', 'expired');
    }

    const result: ExchangeResult = {};
    if (grant) {
      this.#codes.delete(req.code!);
      result.openid = grant.identities.openid;
      result.unionid = grant.identities.unionid;
      result.sessionKey = grant.sessionKey;
      result.subject = grant.subject;
    }
    if (anonymous) {
      this.#anonymousCodes.delete(req.anonymousCode!);
      result.anonymousOpenid = anonymousOpenidOf(this.seed, anonymous.appid, anonymous.host, anonymous.device);
    }
    return result;
  }

  /** Forgets every code and session key (a reset); derived apps too, as the new seed may differ. */
  clear(): void {
    this.#codes.clear();
    this.#anonymousCodes.clear();
    this.#sessionKeys.clear();
    this.#derived.clear();
    this.#derivedByClient.clear();
    this.#tenantsSeen = -1;
  }

  // Codes share one lifetime and are inserted in time order, so expired ones sit at the front.
  #sweep(now: number): void {
    for (const map of [this.#codes, this.#anonymousCodes] as Map<string, { expiresAt: number }>[]) {
      for (const [code, grant] of map) {
        if (grant.expiresAt > now) break;
        map.delete(code);
      }
    }
  }
}

// Joined, not a template: a key kept in a Map is better in one piece than in five (src/ids.ts).
const keyOf = (appid: string, host: string, person: string) => [appid, host, person].join('\u0000');
