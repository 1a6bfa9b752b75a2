import { randomBytes } from 'node:crypto';
import { listOutbox } from './baas/outbox.js';
import type { ActiveRule } from './faults/engine.js';
import type { JournalEntry, JournalFilter } from './faults/journal.js';
import { MAX_SEED } from './faults/random.js';
import { parseRule, type FaultRuleInput, type FaultRuleSpec } from './faults/rules.js';
import { readScenarioFile } from './faults/scenario.js';
import { Logger } from './log.js';
import { resolveOptions, type MockOptions } from './options.js';
import { startServer, type RunningMock } from './server.js';
import { tenantKey, type OutboxItem } from './store/schema.js';

/** What `startMock()` takes: every option of the CLI (all optional), and the fault rules to start with. */
export interface StartMockOptions extends Partial<MockOptions> {
  /** Fault rules in place from the start, spelled (`'silent-login=404:once'`) or as objects. */
  faults?: readonly FaultRuleInput[];
  /** A JSON file of fault rules, as `--scenario`; its rules come before `faults`. */
  scenario?: string;
  /** Seed for rule probabilities, so a run can be repeated. @default random */
  seed?: number;
}

/** A 知晓云 client ID with the mini-program the mock gives it. */
export interface MockClient {
  clientId: string;
  /** Its ByteDance appid (for code2session). */
  appid: string;
  secret: string;
}

/** Narrows `requests()`: an operation (`'silent-login'`), a client, a status (`404`, `'4xx'`, `'none'`), the last `limit`. */
export type RequestFilter = JournalFilter;

/** Narrows `outbox()`: another 知晓云 environment, one recipient, at most `limit` messages. */
export interface OutboxFilter {
  envId?: string;
  to?: string;
  limit?: number;
}

/** A mock started by `startMock()`, for a test runner. */
export interface MockServer extends MockClient {
  /** Base URL, e.g. `http://127.0.0.1:50123`: `BaaS.init(mock.clientId, { host: mock.url })`. */
  url: string;
  port: number;
  faults: {
    /** Adds a rule (`'authenticate=603:once'` or `{ operation, effect, match, times }`), or several at once. */
    add(rule: FaultRuleInput): ActiveRule;
    add(rules: readonly FaultRuleInput[]): ActiveRule[];
    /** The rules, with how often each has fired. */
    list(): ActiveRule[];
    /** Removes one rule by id; false if there was none. */
    remove(id: string): boolean;
    /** Removes every rule, or only those aimed at one client; returns how many went. */
    clear(clientId?: string): number;
  };
  /** The requests the mock answered, oldest first (the fake tt's login and getUserInfo included). */
  requests(filter?: RequestFilter): JournalEntry[];
  /** The SMS and mails a client's users were "sent", newest first. @default the fixture client */
  outbox(clientId?: string, filter?: OutboxFilter): OutboxItem[];
  clock: {
    /** Moves the mock's clock forward: codes and sessions expire without waiting. */
    advance(seconds: number): void;
    /** The mock's time, in milliseconds since the epoch. */
    now(): number;
  };
  /** A fresh client ID with a namespace of its own, so tests can run in parallel against one mock. */
  newClient(): MockClient;
  /** Restores the fixtures and drops rules and journal: everything, or one client's share. */
  reset(clientId?: string): Promise<void>;
  /** Stops the mock; resolves once the port is free and the store is written. */
  close(): Promise<void>;
  /** The server underneath: store, platform, fault engine, journal. */
  server: RunningMock;
}

/**
 * Starts a mock for tests: in memory, on a free port, silent, unless told otherwise.
 *
 * @example const mock = await startMock(); BaaS.init(mock.clientId, { host: mock.url });
 */
export async function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  const { faults = [], scenario, seed, ...mockOptions } = options;
  const resolved = resolveOptions({ db: null, port: 0, log: 'quiet', ...mockOptions });
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)) {
    throw new RangeError(`seed must be a whole number from 0 to ${MAX_SEED}, got ${seed}`);
  }
  const rules: FaultRuleSpec[] = scenario ? readScenarioFile(scenario) : [];
  rules.push(...faults.map((rule, i) => parseRule(rule, `faults[${i}]`)));

  const server = await startServer(resolved, new Logger(resolved.log), { rules, seed });
  let home: MockClient;
  try {
    home = server.demo ? clientOf(server, server.demo.clientId) : clientOf(server, newClientId());
  } catch (err) {
    await server.close();
    throw err;
  }

  const engine = server.faults;
  const add = (rule: FaultRuleInput | readonly FaultRuleInput[]) =>
    isRuleList(rule) ? engine.addAll(rule, 'faults') : engine.add(rule);

  return {
    ...home,
    url: server.url,
    port: server.port,
    faults: {
      add: add as MockServer['faults']['add'],
      list: () => engine.list(),
      remove: (id) => engine.remove(id),
      clear: (clientId) => engine.clear(clientId),
    },
    // The journal lists newest first (as GET /__mock/requests); a test reads a sequence in the order it happened.
    requests: (filter = {}) => server.journal.list(filter).reverse(),
    outbox: (clientId = home.clientId, filter = {}) =>
      listOutbox(server.store.tenant(tenantKey(clientId, filter.envId ?? '')), { to: filter.to, limit: filter.limit ?? 1000 }),
    clock: {
      advance(seconds) {
        const clock = server.clock as { advance?: (ms: number) => void };
        if (typeof clock.advance !== 'function') throw new TypeError('clock.advance: this mock runs on a clock that cannot be moved');
        clock.advance(seconds * 1000);
      },
      now: () => server.clock.now(),
    },
    newClient: () => clientOf(server, newClientId()),
    reset: (clientId) => server.reset(clientId),
    close: () => server.close(),
    server,
  };
}

// Twenty hex digits, like the client IDs 知晓云 issues.
const newClientId = (): string => randomBytes(10).toString('hex');

function clientOf(server: RunningMock, clientId: string): MockClient {
  const app = server.platform.appOfClient(clientId);
  if (!app) throw new Error(`client ${clientId} is not in the store, and this mock runs with strictClients: add clients to the fixtures`);
  return { clientId, appid: app.appid, secret: app.secret };
}

const isRuleList = (rule: FaultRuleInput | readonly FaultRuleInput[]): rule is readonly FaultRuleInput[] => Array.isArray(rule);
