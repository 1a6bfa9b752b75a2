import fc from 'fast-check';
import { answerProblem, buildRequest, isRefusal, type Tokens } from './answer-check.js';
import { requestFor } from './arbitraries.js';
import type { RouteSpec } from './routes.js';

/** A mock to aim requests at, in process or over a socket. */
export interface Target {
  tokens: Tokens;
  send(path: string, init: RequestInit): Promise<{ status: number; text: string }>;
  /** The whole store document, serialised, to tell whether a request changed it. */
  snapshot(): string;
}

/**
 * Sends `runs` generated requests to one route and throws on the first answer that is a 5xx, not JSON,
 * an error without its message, or a refusal that changed the store. After an accepted request that
 * may have changed the mock (a logout, a reset, a clock move, a fault rule), a fresh target is used.
 * Returns how many requests were sent.
 */
export async function fuzzRoute(route: RouteSpec, demoClientId: string, newTarget: () => Promise<Target>, runs: number, seed: number): Promise<number> {
  let target = await newTarget();
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(requestFor(route, demoClientId), async (r) => {
      const { path, init } = buildRequest(route, r, target.tokens);
      const before = target.snapshot();
      const { status, text } = await target.send(path, init);
      sent++;
      const problem = answerProblem(route.area, path, status, text, r.fault !== undefined);
      if (problem) throw new Error(`${route.method} ${path} ${problem}`);
      if (isRefusal(route.area, status, text)) {
        if (target.snapshot() !== before) throw new Error(`${route.method} ${path} was refused with ${status} but changed the store: ${text.slice(0, 200)}`);
      } else if (route.method !== 'GET') {
        target = await newTarget();
      }
    }),
    { seed, numRuns: runs },
  );
  return sent;
}
