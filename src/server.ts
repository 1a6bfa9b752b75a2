import { getRequestListener } from '@hono/node-server';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { AdjustableClock, type Clock } from './clock.js';
import type { Deps } from './context.js';
import { FaultEngine } from './faults/engine.js';
import { Journal } from './faults/journal.js';
import type { FaultRuleSpec } from './faults/rules.js';
import { Logger } from './log.js';
import { OpenPlatform } from './openplatform/platform.js';
import type { MockOptions } from './options.js';
import { StoreError } from './store/check-data.js';
import { openStore, readDataFile } from './store/open.js';
import { emptyTenant, type Data } from './store/schema.js';
import { newEpoch } from './ids.js';
import { SessionBook } from './baas/session-book.js';
import { directSilentLogin } from './baas/direct-silent-login.js';
import type { Store } from './store/store.js';

/** A running mock. */
export interface RunningMock {
  /** Base URL, e.g. `http://127.0.0.1:8787`; pass it to `BaaS.init(clientID, {host})`. */
  url: string;
  port: number;
  options: MockOptions;
  store: Store;
  platform: OpenPlatform;
  clock: Clock;
  /** The fixture client: its 知晓云 client ID and ByteDance appid. */
  demo: { clientId: string; appid: string } | null;
  /** Fault rules: `mock.faults.add('silent-login=404:once')` or `mock.faults.add({operation, effect, ...})`. */
  faults: FaultEngine;
  /** The last requests, newest first: `mock.journal.list({operation: 'silent-login'})`. */
  journal: Journal;
  /** Restores the fixtures: everything, or one client's users, sessions and outbox. */
  reset(clientId?: string): Promise<void>;
  /** Stops listening, ends open connections, writes the store and releases it. */
  close(): Promise<void>;
}

/** A start-up problem the user can fix (port in use, bad store file), with a hint. */
export class StartError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Fault rules to start with (from --fault and --scenario) and the seed for their probabilities. */
export interface FaultSetup {
  rules?: readonly FaultRuleSpec[];
  seed?: number | undefined;
}

export async function startServer(options: MockOptions, log = new Logger(options.log), faultSetup: FaultSetup = {}): Promise<RunningMock> {
  const fixtures = readDataFile(options.fixtures, 'fixtures');
  const importData = options.importFile ? readDataFile(options.importFile, 'snapshot') : undefined;
  const clock = options.clock ?? new AdjustableClock();
  const faults = new FaultEngine({ seed: faultSetup.seed });
  faults.addParsed(faultSetup.rules ?? []);
  const store = await openStore({
    file: options.db,
    seed: fixtures,
    reset: options.reset,
    ...(importData ? { importData } : {}),
    onError: (err) => log.error('could not write the store snapshot', err),
  });
  const deps = createDeps({ store, clock, options, log, fixtures, faults });
  const { platform, journal } = deps;
  const app = createApp(deps);

  const viaHono = getRequestListener(app.fetch, { hostname: options.host });
  const silentLogin = directSilentLogin(deps, viaHono);
  const server = createServer((req, res) => {
    if (!silentLogin(req, res)) void viaHono(req, res);
  });
  const inFlight = trackResponses(server);
  try {
    await listen(server, options.port, options.host);
  } catch (err) {
    await store.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const demoId = Object.keys(fixtures.clients)[0];
  let closing: Promise<void> | null = null;

  return {
    url: `http://${host}:${port}`,
    port,
    options,
    store,
    platform,
    clock,
    demo: demoId ? { clientId: demoId, appid: fixtures.clients[demoId]!.appid } : null,
    faults,
    journal,
    reset: deps.reset,
    close() {
      closing ??= (async () => {
        faults.releaseHeld();
        await stopServing(server, inFlight);
        await store.close();
      })();
      return closing;
    },
  };
}

/** How long requests that are being answered get to finish when the mock stops. */
const GRACE_MS = 5000;

/** The responses not yet sent, so stopping can let them finish. */
function trackResponses(server: Server): Set<ServerResponse> {
  const active = new Set<ServerResponse>();
  // One listener shared by every response: a closure per request showed in profiles.
  function done(this: ServerResponse): void {
    active.delete(this);
  }
  server.on('request', (_req, res: ServerResponse) => {
    // Once stopping, a request that arrives on a kept-alive connection is the last on it.
    if (!server.listening) res.setHeader('connection', 'close');
    active.add(res);
    res.on('close', done);
  });
  return active;
}

/**
 * Stops accepting connections, lets the requests being answered finish (their changes reach the store
 * and their callers get an answer), then ends every connection; after GRACE_MS the rest are cut.
 */
function stopServing(server: Server, active: Set<ServerResponse>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), GRACE_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
    for (const res of active) {
      if (!res.headersSent) res.setHeader('connection', 'close');
      // The connection turns idle only after the response is out; then it can go.
      res.once('close', () => setImmediate(() => server.closeIdleConnections()));
    }
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new StartError(`port ${port} on ${host} is already in use`, 'Stop whatever uses it, pick another with --port, or use --port 0 for a free one.'));
      else if (err.code === 'EADDRNOTAVAIL') reject(new StartError(`cannot bind ${host}: no such address on this machine`, 'Use --host 127.0.0.1 (the default) or an address this machine has.'));
      else if (err.code === 'EACCES') reject(new StartError(`not allowed to listen on port ${port}`, 'Ports below 1024 need privileges; pick another with --port.'));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Everything a route is handed, around an open store; reset restores the fixtures and also clears fault
 * rules, the journal and the session list (of one client only when one client is reset).
 */
export function createDeps(parts: {
  store: Store;
  clock: Clock;
  options: MockOptions;
  log: Logger;
  fixtures: Data;
  faults: FaultEngine;
}): Deps {
  const { store, clock, options, fixtures, faults } = parts;
  const platform = new OpenPlatform(store, clock, { codeTtlSeconds: options.codeTtlSeconds, strictClients: options.strictClients });
  const journal = new Journal();
  const sessions = new SessionBook();
  const reset = async (clientId?: string) => {
    const keys = Object.entries(store.data.tenants).filter(([, t]) => t.clientId === clientId).map(([key]) => key);
    await resetStore(store, platform, fixtures, clientId);
    faults.clear(clientId);
    journal.clear(clientId);
    if (clientId === undefined) sessions.clear();
    else for (const key of keys) sessions.clear(key);
  };
  return { ...parts, platform, journal, sessions, reset };
}

/**
 * Puts back the fixtures: the whole document (with a new token secret, ending every session), or the
 * tenants of one client. A reset tenant gets a new epoch rather than being deleted, so tokens issued
 * before cannot come back to life when user ids are handed out again.
 */
export async function resetStore(store: Store, platform: OpenPlatform, fixtures: Data, clientId?: string): Promise<void> {
  if (clientId === undefined) {
    await store.replace(structuredClone(fixtures));
    platform.clear();
    return;
  }
  store.write((w) => {
    for (const [key, tenant] of Object.entries(store.data.tenants)) {
      if (tenant.clientId !== clientId) continue;
      const seeded = fixtures.tenants[key] ?? emptyTenant(tenant.clientId, tenant.envId);
      w.set(['tenants', key], { ...structuredClone(seeded), epoch: newEpoch() });
    }
    for (const [key, seeded] of Object.entries(fixtures.tenants)) {
      if (seeded.clientId === clientId && !store.tenant(key)) w.set(['tenants', key], structuredClone(seeded));
    }
  });
  await store.flushed();
}

export { StoreError };
