import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from './clock.js';
import { applyFaults } from './faults/apply.js';
import type { EffectType, FaultEffect } from './faults/effect-spelling.js';
import type { FaultEngine } from './faults/engine.js';
import type { FiredFault, Journal } from './faults/journal.js';
import type { Logger } from './log.js';
import type { OpenPlatform, MiniApp } from './openplatform/platform.js';
import type { MockOptions } from './options.js';
import type { Store } from './store/store.js';
import type { SessionBook } from './baas/session-book.js';
import type { SessionClaims } from './baas/session-tokens.js';
import type { UserRecord } from './store/schema.js';

/** What every route is handed: the composition root builds one and no module holds it globally. */
export interface Deps {
  store: Store;
  platform: OpenPlatform;
  clock: Clock;
  options: MockOptions;
  log: import('./log.js').Logger;
  /** Restores the fixtures (whole mock, or one client); set by the server. */
  reset: (clientId?: string) => Promise<void>;
  /** Fault rules, tried by `op()` before each route's handler. */
  faults: FaultEngine;
  /** Sessions issued since start, for the dashboard (tokens are checked by signature, not here). */
  sessions: SessionBook;
  /** The last requests, for GET /__mock/requests. */
  journal: Journal;
}

/** The 知晓云 app a request addresses (`X-Hydrogen-Client-ID`, `X-Hydrogen-Env-ID`). */
export interface TenantRef {
  clientId: string;
  envId: string;
  /** Key of the tenant in the store. */
  key: string;
  app: MiniApp;
}

export interface Authed {
  token: string;
  session: SessionClaims;
  user: UserRecord;
}

export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: {
    deps: Deps;
    /** The operation name of the route, for the log and for fault rules. */
    op: string;
    tenant: TenantRef;
    auth: Authed | null;
    /** A fault effect the route itself applies (it asked for it with `op(name, {handles})`). */
    fault: FaultEffect | undefined;
    /** The fault that fired on this request, for the journal. */
    firedFault: FiredFault | undefined;
    /** The status written past Hono (603 and other raw statuses); null: the request got no answer. */
    sentStatus: number | null | undefined;
    /** Who the request is about, for the journal; routes set them when they learn them. */
    person: string | undefined;
    openid: string | undefined;
  };
};

export type AppContext = Context<AppEnv>;

/**
 * Names the operation a route performs (for the log, the journal and fault rules) and applies the
 * fault that fires on this request, if any. Effects listed in `handles` are the route's to apply: it
 * finds them in `c.get('fault')`.
 */
export const op = (name: string, options: { handles?: readonly EffectType[] } = {}): MiddlewareHandler<AppEnv> => (c, next) => {
  c.set('op', name);
  return applyFaults(c, name, options.handles ?? [], next);
};

export type { Clock, Logger };
