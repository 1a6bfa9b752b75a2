import type { AppContext } from '../context.js';
import type { RequestFacts } from './engine.js';
import { readFacts } from './matcher.js';
import { CONTROL_OPERATIONS } from './operations.js';

const CONTROL = new Set<string>(CONTROL_OPERATIONS);

/** The status the client got: one written past Hono, none (null) for a dropped request, else Hono's. */
export const answeredStatus = (c: AppContext): number | null => {
  const sent = c.get('sentStatus');
  return sent !== undefined ? sent : c.res.status;
};

/**
 * Adds a request to the journal. The control API's own calls are left out (listing the journal would
 * otherwise fill it); the fake tt.* calls under /__mock/ are device traffic and stay in. Returns a
 * promise only when the body must be read to name the client and person; most requests need no wait.
 */
export function recordRequest(c: AppContext, path: string, ms: number): Promise<void> | undefined {
  const operation = c.get('op') ?? null;
  if (operation ? CONTROL.has(operation) : path.startsWith('/__mock/')) return undefined;
  // Outside /hserve/ the client is named in the body (tt.*) or by its appid (code2session).
  if (!c.get('tenant') && operation) {
    return readFacts(c).then(
      (facts) => record(c, path, ms, operation, facts),
      () => record(c, path, ms, operation, undefined),
    );
  }
  record(c, path, ms, operation, undefined);
  return undefined;
}

function record(c: AppContext, path: string, ms: number, operation: string | null, facts: RequestFacts | undefined): void {
  const { journal, clock } = c.get('deps');
  journal.record({
    time: clock.now(),
    operation,
    method: c.req.method,
    path,
    client_id: c.get('tenant')?.clientId ?? facts?.clientId ?? c.req.header('x-hydrogen-client-id') ?? null,
    person: c.get('person') ?? facts?.person ?? null,
    openid: c.get('openid') ?? facts?.openid ?? null,
    status: answeredStatus(c),
    fault: c.get('firedFault') ?? null,
    duration_ms: Math.round(ms * 10) / 10,
  });
}
