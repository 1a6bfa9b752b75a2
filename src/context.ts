import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from './clock.js';
import type { Logger } from './log.js';
import type { OpenPlatform, MiniApp } from './openplatform/platform.js';
import type { MockOptions } from './options.js';
import type { Store } from './store/store.js';
import type { Session, UserRecord } from './store/schema.js';

/** What every route is handed: the composition root builds one and no module holds it globally. */
export interface Deps {
  store: Store;
  platform: OpenPlatform;
  clock: Clock;
  options: MockOptions;
  log: import('./log.js').Logger;
  /** Restores the fixtures (whole mock, or one client); set by the server. */
  reset: (clientId?: string) => Promise<void>;
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
  session: Session;
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
  };
};

export type AppContext = Context<AppEnv>;

/** Names the operation a route performs. */
export const op = (name: string): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set('op', name);
  await next();
};

export type { Clock, Logger };
