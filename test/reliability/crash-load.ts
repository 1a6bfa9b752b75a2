import { DEMO } from '../helpers.js';
import type { SeededRandom } from './seeded-random.js';

/** Every request the mock acknowledged with a 2xx, kept across kills and restarts. */
export interface Registration {
  username: string;
  password: string;
  userId: number;
}
export interface TtAccount {
  clientId: string;
  provider: string;
  openid: string;
  userId: number;
}
export interface Session {
  clientId: string;
  token: string;
  userId: number;
}

export class Ledger {
  readonly registrations = new Map<string, Registration>();
  readonly ttAccounts: TtAccount[] = [];
  readonly ttClients = new Set<string>();
  /** Sessions acknowledged in this trial that no logout was ever sent for. */
  liveSessions: Session[] = [];
  /** Sessions whose logout was acknowledged in this trial. */
  loggedOut: Session[] = [];
  sent = 0;
  acknowledged = 0;
  /** Answers that were not the expected 2xx while the mock was alive: each one is a bug. */
  readonly failures: string[] = [];

  newTrial(): void {
    this.liveSessions = [];
    this.loggedOut = [];
  }
}

/** The (person, host app) pairs of the fixtures in which `tt.login` gives a code. */
const PEOPLE_IN_HOSTS: readonly (readonly [string, string])[] = [
  ['alice', 'douyin'],
  ['alice', 'toutiao'],
  ['alice', 'devtools'],
  ['bob', 'douyin'],
  ['carol', 'toutiao'],
  ['carol', 'news_article_lite'],
];
/** `_provider` keys of those host apps in the fixtures. */
const PROVIDER: Record<string, string> = { douyin: 'douyin', toutiao: 'toutiao', news_article_lite: 'news_article_lite', devtools: 'bytedance_devtools' };

const hydrogen = (clientId: string, token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  'X-Hydrogen-Client-ID': clientId,
  ...(token ? { Authorization: `Hydrogen-r1 ${token}` } : {}),
});

/** Drives one mock with concurrent sign-ups, logins, ByteDance silent logins and logouts until stopped. */
export class Load {
  #stopped = false;
  #counter = 0;

  constructor(
    private readonly url: string,
    private readonly trial: string,
    private readonly rng: SeededRandom,
    private readonly ledger: Ledger,
    /** Set once the process has been killed: from then on a failed request is expected. */
    private readonly killed: () => boolean,
  ) {}

  stop(): void {
    this.#stopped = true;
  }

  /** Runs `workers` loops; resolves once every loop has ended (stopped, or its mock killed). */
  run(workers: number): Promise<void> {
    return Promise.all(Array.from({ length: workers }, () => this.#worker())).then(() => {});
  }

  async #worker(): Promise<void> {
    while (!this.#stopped && !this.killed()) {
      const roll = this.rng.next();
      const action = roll < 0.35 ? this.#register() : roll < 0.55 ? this.#login() : roll < 0.9 ? this.#silentLogin() : this.#logout();
      try {
        await action;
      } catch (err) {
        if (this.killed()) return;
        this.ledger.failures.push(`trial ${this.trial}: ${(err as Error).message}`);
        return;
      }
    }
  }

  /** Sends one request; returns the parsed body of a 2xx, throws on anything else. */
  async #call(path: string, init: RequestInit, expected: number): Promise<any> {
    this.ledger.sent++;
    const res = await fetch(this.url + path, init);
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text);
    this.ledger.acknowledged++;
    return body;
  }

  async #register(): Promise<void> {
    const username = `u${this.trial}x${this.#counter++}`;
    const password = `pw-${username}`;
    const body = await this.#call('/hserve/v2.1/register/username/', { method: 'POST', headers: hydrogen(DEMO.clientId), body: JSON.stringify({ username, password }) }, 201);
    this.ledger.registrations.set(username, { username, password, userId: body.user_id });
    this.ledger.liveSessions.push({ clientId: DEMO.clientId, token: body.token, userId: body.user_id });
  }

  async #login(): Promise<void> {
    const known = [...this.ledger.registrations.values()];
    if (known.length === 0) return this.#register();
    const r = this.rng.pick(known);
    const body = await this.#call('/hserve/v2.1/login/username/', { method: 'POST', headers: hydrogen(DEMO.clientId), body: JSON.stringify({ username: r.username, password: r.password }) }, 201);
    if (body.user_id !== r.userId) throw new Error(`login of ${r.username} gave user ${body.user_id}, registered as ${r.userId}`);
    this.ledger.liveSessions.push({ clientId: DEMO.clientId, token: body.token, userId: body.user_id });
  }

  /** A person logs in to a client of this trial; three clients times six people keep most of them new. */
  async #silentLogin(): Promise<void> {
    const clientId = `crash-t${this.trial}-c${this.rng.int(0, 2)}`;
    const [person, host] = this.rng.pick(PEOPLE_IN_HOSTS);
    const code = await this.#call('/__mock/bytedance/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ person, host, client_id: clientId }) }, 200);
    this.ledger.ttClients.add(clientId);
    const body = await this.#call('/hserve/v2.5/idp/bytedance/silent-login/', { method: 'POST', headers: hydrogen(clientId), body: JSON.stringify({ code: code.code, app_name: host }) }, 201);
    this.ledger.ttAccounts.push({ clientId, provider: PROVIDER[host]!, openid: body.openid, userId: body.user_info.id });
    this.ledger.liveSessions.push({ clientId, token: body.token, userId: body.user_info.id });
  }

  async #logout(): Promise<void> {
    const sessions = this.ledger.liveSessions;
    if (sessions.length === 0) return this.#register();
    // Out of the live list before it is sent: a logout cut off by the kill may or may not have landed.
    const session = sessions.splice(this.rng.int(0, sessions.length - 1), 1)[0]!;
    await this.#call('/hserve/v2.0/session/destroy/', { method: 'POST', headers: hydrogen(session.clientId, session.token), body: '{}' }, 201);
    this.ledger.loggedOut.push(session);
  }
}
