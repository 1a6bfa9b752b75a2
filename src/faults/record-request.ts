import type { AppContext } from '../context.js';
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
 * otherwise fill it); the fake tt.* calls under /__mock/ are device traffic and stay in.
 */
export async function recordRequest(c: AppContext, path: string, ms: number): Promise<void> {
  const operation = c.get('op') ?? null;
  if (operation ? CONTROL.has(operation) : path.startsWith('/__mock/')) return;
  const { journal, clock } = c.get('deps');
  // Outside /hserve/ the client is named in the body (tt.*) or by its appid (code2session).
  const facts = !c.get('tenant') && operation ? await readFacts(c).catch(() => undefined) : undefined;
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
