import { performance } from 'node:perf_hooks';
import { summarise } from './stats.js';

/** @typedef {import('./http-client.js').Connection} Connection */
/** @typedef {import('./stats.js').Summary} Summary */

/**
 * What one iteration is handed: its worker's connection, and `step`, which times one request of the
 * iteration under a name so a flow of several requests reports each of them too.
 * @typedef {{ conn: Connection, worker: number, step: <T>(name: string, run: () => Promise<T>) => Promise<T> }} IterationContext
 */

/** Thrown by an iteration when its prepared input (login codes, fresh people) has run out. */
export class Exhausted extends Error {}

/**
 * @typedef {object} LoadResult
 * @property {number} concurrency
 * @property {number} seconds measured window
 * @property {number} iterations iterations completed in the window
 * @property {number} rate iterations per second
 * @property {Summary} latency of whole iterations
 * @property {Record<string, Summary & { rate: number }>} steps per named request
 * @property {number} errors
 * @property {string | null} firstError
 * @property {boolean} exhausted the prepared input ran out before the planned end
 * @property {{ processMs: number, mainMs: number } | null} cpuPerIteration CPU time of the server per
 *   iteration in the window (all threads, and the event-loop thread alone); null when not sampled
 */

/**
 * Closed-loop load: `concurrency` workers, each on its own kept-alive connection, run `iteration`
 * back to back for `warmupMs + durationMs`; only iterations that end after the warm-up count. Every
 * run is bounded: connections still busy `graceMs` after the end are cut.
 * @param {object} o
 * @param {() => Connection} o.connect
 * @param {number} o.concurrency
 * @param {number} o.warmupMs
 * @param {number} o.durationMs
 * @param {(ctx: IterationContext) => Promise<void>} o.iteration
 * @param {number} [o.graceMs]
 * @param {() => import('./processes.js').CpuSample} [o.cpu] the server's CPU time so far
 * @returns {Promise<LoadResult>}
 */
export async function runLoad(o) {
  return summariseWindows(o.concurrency, [await loadWindow(o)]);
}

/**
 * What one run of load measured, unsummarised, so that runs taken in turns with other work can be
 * read as one (summariseWindows).
 * @typedef {object} LoadWindow
 * @property {number} seconds
 * @property {number[]} latencies ms, of iterations that ended in the window
 * @property {Map<string, number[]>} steps ms, per named request
 * @property {number} errors
 * @property {string | null} firstError
 * @property {boolean} exhausted
 * @property {{ processMs: number, mainMs: number } | null} cpu the server's CPU time in the window
 */

/**
 * The load of runLoad, unsummarised. With `conns`, the window runs on connections the caller opened
 * and closes: windows taken in turns then switch servers without opening new ones, and need no
 * warm-up for the connections to settle.
 * @param {Parameters<typeof runLoad>[0] & { conns?: Connection[] }} o
 * @returns {Promise<LoadWindow>}
 */
export async function loadWindow({ connect, concurrency, warmupMs, durationMs, iteration, graceMs = 5000, cpu, conns: kept }) {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  let end = measureFrom + durationMs;
  /** @type {number[]} */
  const latencies = [];
  /** @type {Map<string, number[]>} */
  const steps = new Map();
  let errors = 0;
  /** @type {string | null} */
  let firstError = null;
  let exhausted = false;
  const conns = kept ?? Array.from({ length: concurrency }, connect);
  const cutter = setTimeout(() => conns.forEach((c) => c.close()), warmupMs + durationMs + graceMs);
  /** @type {import('./processes.js').CpuSample | undefined} */
  let cpuFrom;
  /** @type {import('./processes.js').CpuSample | undefined} */
  let cpuTo;
  const sampler = cpu ? setTimeout(() => (cpuFrom = cpu()), warmupMs) : undefined;

  /** @param {number} worker */
  const work = async (worker) => {
    const conn = conns[worker];
    if (!conn) return;
    while (performance.now() < end) {
      /** @type {[string, number][]} */
      const timed = [];
      /** @type {IterationContext} */
      const ctx = {
        conn,
        worker,
        step: async (name, run) => {
          const t = performance.now();
          const r = await run();
          timed.push([name, performance.now() - t]);
          return r;
        },
      };
      const t0 = performance.now();
      try {
        await iteration(ctx);
      } catch (err) {
        if (err instanceof Exhausted) {
          // The window ends here: later, fewer workers would be measuring a lighter load.
          if (!exhausted) end = Math.min(end, performance.now());
          exhausted = true;
          return;
        }
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
        if (!(err instanceof StatusError)) return; // the connection is unusable
        continue;
      }
      const t1 = performance.now();
      if (t1 > end && cpu && !cpuTo) cpuTo = cpu();
      if (t1 < measureFrom || t1 > end) continue;
      latencies.push(t1 - t0);
      for (const [name, ms] of timed) {
        let list = steps.get(name);
        if (!list) steps.set(name, (list = []));
        list.push(ms);
      }
    }
  };
  try {
    await Promise.all(conns.map((_, i) => work(i)));
  } finally {
    clearTimeout(cutter);
    clearTimeout(sampler);
    if (!kept) conns.forEach((c) => c.close());
  }
  if (cpu && !cpuTo) cpuTo = cpu();
  return {
    seconds: Math.max(end - measureFrom, 1) / 1000,
    latencies,
    steps,
    errors,
    firstError,
    exhausted,
    cpu: cpuFrom && cpuTo ? { processMs: cpuTo.processMs - cpuFrom.processMs, mainMs: cpuTo.mainMs - cpuFrom.mainMs } : null,
  };
}

/**
 * One result from one or more windows of load at the same concurrency, as if they were one run: their
 * seconds, iterations and CPU time added, their latencies pooled.
 * @param {number} concurrency
 * @param {LoadWindow[]} windows
 * @returns {LoadResult}
 */
export function summariseWindows(concurrency, windows) {
  const seconds = windows.reduce((sum, w) => sum + w.seconds, 0);
  const latencies = windows.flatMap((w) => w.latencies);
  /** @type {Map<string, number[]>} */
  const steps = new Map();
  for (const w of windows) for (const [name, list] of w.steps) steps.set(name, [...(steps.get(name) ?? []), ...list]);
  const n = Math.max(latencies.length, 1);
  const cpus = windows.map((w) => w.cpu);
  const cpuPerIteration = cpus.every((x) => x !== null)
    ? { processMs: round(cpus.reduce((sum, x) => sum + x.processMs, 0) / n, 4), mainMs: round(cpus.reduce((sum, x) => sum + x.mainMs, 0) / n, 4) }
    : null;
  return {
    concurrency,
    seconds: round(seconds, 3),
    iterations: latencies.length,
    rate: round(latencies.length / seconds, 1),
    latency: summarise(latencies),
    steps: Object.fromEntries([...steps].map(([name, list]) => [name, { ...summarise(list), rate: round(list.length / seconds, 1) }])),
    errors: windows.reduce((sum, w) => sum + w.errors, 0),
    firstError: windows.find((w) => w.firstError !== null)?.firstError ?? null,
    exhausted: windows.some((w) => w.exhausted),
    cpuPerIteration,
  };
}

/** An answer with an unexpected status: the iteration failed, the connection is still fine. */
export class StatusError extends Error {}

/**
 * @param {import('./http-client.js').Reply} reply
 * @param {number} expected
 * @param {string} what
 */
export function expectStatus(reply, expected, what) {
  if (reply.status !== expected) {
    throw new StatusError(`${what}: expected ${expected}, got ${reply.status} ${reply.body.toString('utf8').slice(0, 200)}`);
  }
  return reply;
}

/** @param {number} x @param {number} digits */
export const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;
