import { Hono, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { baasRoutes } from './baas/routes.js';
import type { AppContext, AppEnv, Deps } from './context.js';
import { controlGuard } from './control/guard.js';
import { baasControlRoutes } from './control/baas-routes.js';
import { dashboardControlRoutes } from './control/dashboard-routes.js';
import { controlRoutes } from './control/routes.js';
import { dashboardPage } from './dashboard/routes.js';
import { ttRoutes } from './control/tt-routes.js';
import { BaasError, ControlError, INTERNAL_BAAS_ERROR, MockError, OpenPlatformError } from './errors.js';
import { faultRoutes } from './control/fault-routes.js';
import { answeredStatus, recordRequest } from './faults/record-request.js';
import { openPlatformRoutes } from './openplatform/routes.js';
import { requestHeader } from './request-header.js';

const HYDROGEN_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Hydrogen-Client-ID',
  'X-Hydrogen-Client-Version',
  'X-Hydrogen-Client-Platform',
  'X-Hydrogen-Client-SDK-Type',
  'X-Hydrogen-Env-ID',
  'X-Mock-Fault',
];

/** The one composition root: logging, durability, limits, every area, and errors rendered once. */
export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Browser pages on other origins use the web SDK: the custom headers make every call preflighted.
  const preflight = cors({ origin: '*', allowHeaders: HYDROGEN_HEADERS, allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'], maxAge: 600 });

  /**
   * Whether a request's body is within the limit, as far as its headers tell. bodyLimit() decides by
   * Content-Length too, but reading c.req.raw.body to get there turns @hono/node-server's light request
   * into a full WHATWG Request with a body stream: a declared length is checked here, synchronously, and
   * only a streamed body (no length, or chunked) is left to be metered as it is read.
   */
  const declaredBody = (c: AppContext): 'within' | 'over' | 'streamed' => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || c.req.path === '/__mock/import') return 'within';
    const length = requestHeader(c, 'content-length');
    if (length === undefined || requestHeader(c, 'transfer-encoding') !== undefined) return 'streamed';
    return parseInt(length, 10) > deps.options.bodyLimitBytes ? 'over' : 'within';
  };
  // One meter for every streamed body: the limit is fixed when the mock starts.
  const meterBody = bodyLimit({
    maxSize: deps.options.bodyLimitBytes,
    onError: (c) => {
      throw tooLarge(c.req.path, deps.options.bodyLimitBytes);
    },
  });
  /**
   * Refuses a body over the limit with 413, rendered into the answer rather than thrown: called from
   * the middleware below, the request is still logged and journaled; as the layer under /__mock/
   * (after the guard), Hono sends the answer it finds set. Not async: a declared length within the
   * limit, nearly every request, goes on without a promise of its own.
   */
  const withinBodyLimit = (c: AppContext, next: Next): Promise<void> => {
    const body = declaredBody(c);
    if (body === 'within') return next();
    if (body === 'over') {
      c.res = tooLarge(c.req.path, deps.options.bodyLimitBytes).render(c);
      return Promise.resolve();
    }
    return meterBody(c, next).then(
      () => undefined,
      (err: unknown) => {
        if (!(err instanceof MockError)) throw err;
        c.res = err.render(c);
      },
    );
  };

  // What every request goes through, in one middleware: each layer costs a closure and a promise, and a
  // silent login is short enough for that to show.
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    const path = c.req.path;
    if (path.startsWith('/hserve/')) {
      if (c.req.method === 'OPTIONS') {
        const answer = await preflight(c, next);
        if (answer) c.res = answer;
      } else {
        // What cors() adds to other answers. Set on Node's response when there is one: Hono's own
        // header list would turn the answer's headers into a Headers object, slower to send; and once a
        // placeholder response exists, @hono/node-server streams the answer instead of sending it whole.
        const outgoing = c.env?.outgoing;
        if (outgoing) outgoing.setHeader('Access-Control-Allow-Origin', '*');
        else c.header('Access-Control-Allow-Origin', '*');
        await withinBodyLimit(c, next);
      }
    } else if (path.startsWith('/__mock/')) {
      // The control guard decides first; the body limit follows it (below).
      await next();
    } else {
      await withinBodyLimit(c, next);
    }
    // Answer only once every change so far is on disk: an acknowledged write is never lost. Most
    // answers changed nothing, and skip the wait.
    const unflushed = deps.store.unflushed();
    if (unflushed) await unflushed;
    const ms = performance.now() - started;
    if (deps.log.logsRequests) {
      deps.log.request({ method: c.req.method, path, status: answeredStatus(c) ?? 0, ms, op: c.get('op'), clientId: c.get('tenant')?.clientId });
    }
    const recording = recordRequest(c, path, ms);
    if (recording) await recording;
  });

  // The dashboard applies the control guard itself, so it can also take the token in its address.
  app.route('/', dashboardPage);
  app.use('/__mock/*', controlGuard);
  app.use('/__mock/*', withinBodyLimit);

  app.route('/', openPlatformRoutes);
  app.route('/', ttRoutes);
  app.route('/', controlRoutes);
  app.route('/', faultRoutes);
  app.route('/', baasControlRoutes);
  app.route('/', dashboardControlRoutes);
  app.route('/', baasRoutes);

  app.notFound((c) => {
    const path = c.req.path;
    const hint = path.endsWith('/') || !path.startsWith('/hserve/') ? undefined : `did you mean ${path}/ ? 知晓云 paths end with a slash`;
    const message = `no route for ${c.req.method} ${path}`;
    if (path.startsWith('/hserve/')) return c.json({ status: 'error', error_msg: hint ? `${message}; ${hint}` : message }, 404);
    return c.json({ mock: { error: message, hint: hint ?? 'See the README for the routes the mock serves.' } }, 404);
  });

  app.onError((err, c) => {
    if (err instanceof MockError) return err.render(c);
    if (err instanceof HTTPException && err.status < 500) {
      const e = c.req.path.startsWith('/hserve/') ? new BaasError(err.status, err.message) : new ControlError(err.status, err.message);
      return e.render(c);
    }
    deps.log.error(`unexpected error in ${c.req.method} ${c.req.path}`, err);
    if (c.req.path.startsWith('/hserve/')) return c.json(INTERNAL_BAAS_ERROR, 500);
    return c.json({ mock: { error: 'internal error in tt-baas-mock', hint: 'This is a bug; the log has the details.' } }, 500);
  });

  return app;
}

function tooLarge(path: string, limit: number): MockError {
  const message = `body: larger than the limit of ${limit} bytes`;
  if (path.startsWith('/hserve/')) return new BaasError(413, message);
  // The platform's own envelope, so a developer's server reads err_no as it does for any failure.
  if (path.startsWith('/api/apps/')) return new OpenPlatformError(40014, `bad params: ${message}`, 413);
  return new ControlError(413, message, 'Raise it with --body-limit.');
}
