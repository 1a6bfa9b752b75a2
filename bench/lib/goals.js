/**
 * The goals of the benchmark, checked against one run's results.
 * @typedef {{ goal: string, target: string, measured: string, pass: boolean }} GoalResult
 * @typedef {import('./load.js').LoadResult} LoadResult
 * @typedef {{ ratio: number, cpuRatio: number, pairs: { ratio: number }[] }} SideBySide
 * @typedef {{ users: number, scenarios: Record<string, (LoadResult & { ceiling?: { ratio: number, cpuMs: number }, beside?: SideBySide })[]> }} SizeResult
 * @typedef {{ ceiling: Record<string, LoadResult[]>, sizes: SizeResult[], startup: any }} Results
 */

/** @param {Results} r @param {number} c the best bare-Hono rate at this concurrency in the run */
export function ceilingAt(r, c) {
  const rates = Object.values(r.ceiling).flatMap((list) => list.filter((x) => x.concurrency === c).map((x) => x.rate));
  return rates.length ? Math.max(...rates) : NaN;
}

/**
 * A run's rate in units of bare Hono's: for a goal run, the median of its turns, each read against
 * bare Hono just before and just after it. On a shared machine the rate of everything drifts by a
 * third, at times by half, within minutes, and a stall of a fraction of a second falls in one turn:
 * read so, the ratio measures the mock, not the machine's minute. Other runs are read against the
 * best ceiling of the run.
 * @param {Results} r @param {(LoadResult & { ceiling?: { ratio: number } }) | undefined} run @param {number} c
 */
export const shareOf = (r, run, c) => run?.ceiling?.ratio ?? (run?.rate ?? NaN) / ceilingAt(r, c);

/** @param {SizeResult} size @param {string} scenario @param {number} c */
export const at = (size, scenario, c) => size.scenarios[scenario]?.find((x) => x.concurrency === c);

/** @param {number} n */
export const users = (n) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

/**
 * Cost per request at the largest store over the smallest, at concurrency c: the inverse of the rates.
 * A goal run at the largest size takes turns with the same run on a mock of the smallest store beside
 * it, and reads as the median of those pairs; without them, the two sizes' own runs are compared.
 * @param {Results} r @param {string} scenario @param {number} c
 */
export function growth(r, scenario, c) {
  return besideOf(r, scenario, c)?.ratio ?? acrossRuns(r, scenario, c);
}

/**
 * The largest size's goal run of a scenario side by side with the smallest store's mock, if it ran so.
 * @param {Results} r @param {string} scenario @param {number} c @returns {SideBySide | undefined}
 */
export function besideOf(r, scenario, c) {
  const large = r.sizes.at(-1);
  return large && r.sizes.length > 1 ? at(large, scenario, c)?.beside : undefined;
}

/**
 * The same ratio from the two sizes' own runs, minutes apart, each in units of the ceiling around it:
 * the machine's drift between them, which the ceiling cancels only in part, reads as the store's.
 * @param {Results} r @param {string} scenario @param {number} c
 */
export function acrossRuns(r, scenario, c) {
  const small = r.sizes[0];
  const large = r.sizes[r.sizes.length - 1];
  const a = small && at(small, scenario, c);
  const b = large && at(large, scenario, c);
  if (!a || !b || !(b.rate > 0)) return NaN;
  return shareOf(r, a, c) / shareOf(r, b, c);
}

/** The same ratio from the rates alone. @param {Results} r @param {string} scenario @param {number} c */
export function rawGrowth(r, scenario, c) {
  const a = r.sizes[0] && at(r.sizes[0], scenario, c);
  const b = r.sizes.at(-1) && at(/** @type {SizeResult} */ (r.sizes.at(-1)), scenario, c);
  return a && b && b.rate > 0 ? a.rate / b.rate : NaN;
}

/**
 * Bare Hono's CPU per request over the scenario's (all threads: password hashing runs in the thread
 * pool): the rate ratio a saturated server would show, and steadier than the rates when other work
 * shares the machine.
 * @param {Results} r @param {SizeResult} size @param {string} scenario @param {number} c
 */
export function cpuShare(r, size, scenario, c) {
  const run = at(size, scenario, c);
  const bracket = /** @type {{ cpuMs?: number } | undefined} */ (run?.ceiling)?.cpuMs;
  const hono = bracket !== undefined ? [bracket] : Object.values(r.ceiling).flatMap((list) => list.filter((x) => x.concurrency === c).map((x) => x.cpuPerIteration?.processMs ?? NaN));
  const mine = run?.cpuPerIteration?.processMs ?? NaN;
  return Math.min(...hono) / mine;
}

/**
 * A pair's ratio as text: a half turn at the large store that got no answer at all (its writes
 * waiting longer than the half turn) reads as infinite, which results.json can only keep as null.
 * @param {number | null} ratio
 */
export const pairText = (ratio) => (ratio === null || ratio === Infinity ? '∞' : ratio.toFixed(2));

/** @param {Results} r @returns {GoalResult[]} */
export function evaluate(r) {
  const levels = r.sizes[0] ? [...new Set(Object.values(r.sizes[0].scenarios).flat().map((x) => x.concurrency))].sort((a, b) => a - b) : [];
  const top = levels.includes(50) ? 50 : (levels.at(-1) ?? 50);
  const mid = levels.includes(10) ? 10 : (levels[0] ?? 10);
  const smallest = r.sizes[0]?.users ?? 0;
  const largest = r.sizes.at(-1)?.users ?? 0;
  /** @type {GoalResult[]} */
  const goals = [];

  /** @param {string} scenario @param {string} what @param {number} min */
  const share = (scenario, what, min) => {
    const ratios = r.sizes.map((s) => ({ users: s.users, x: shareOf(r, at(s, scenario, top), top), cpu: cpuShare(r, s, scenario, top) }));
    const worst = Math.min(...ratios.map((q) => (Number.isFinite(q.x) ? q.x : 0)));
    goals.push({
      goal: `${what}, c=${top}`,
      target: `≥ ${min}× bare Hono`,
      measured: ratios.map((q) => `${q.x.toFixed(2)}× at ${users(q.users)}`).join(', ') + ` (by the server's CPU per request: ${ratios.map((q) => `${q.cpu.toFixed(2)}×`).join(', ')})`,
      pass: worst >= min,
    });
  };
  share('silent-login', 'silent login of an existing person', 0.5);
  const p99 = r.sizes.map((s) => ({ users: s.users, ms: at(s, 'silent-login', mid)?.latency.p99 ?? NaN }));
  goals.push({
    goal: `silent login of an existing person, p99 at c=${mid}`,
    target: '< 10 ms',
    measured: p99.map((q) => `${q.ms} ms at ${users(q.users)}`).join(', '),
    pass: p99.every((q) => q.ms < 10),
  });
  share('new-person', "a new person's silent login (creates a user, durable)", 0.2);
  share('register', 'registration (creates a user, durable)', 0.2);
  for (const [scenario, what] of [['silent-login', 'silent login of an existing person'], ['new-person', "a new person's silent login"], ['register', 'registration']]) {
    const g = growth(r, scenario, top);
    const paired = besideOf(r, scenario, top);
    const across = acrossRuns(r, scenario, top);
    const raw = rawGrowth(r, scenario, top);
    const detail = paired
      ? ` side by side (pairs ${paired.pairs.map((x) => pairText(x.ratio)).join(' / ')}; by the servers' CPU ${paired.cpuRatio.toFixed(2)}; the two sizes' own runs, minutes apart: ${across.toFixed(2)})`
      : g.toFixed(2) !== raw.toFixed(2) ? ` (${raw.toFixed(2)} from the rates alone)` : '';
    goals.push({
      goal: `${what}: cost at ${users(largest)} users over ${users(smallest)}, c=${top}`,
      target: '< 1.2',
      measured: Number.isFinite(g) ? `${g.toFixed(2)}${detail}` : 'not measured',
      pass: g < 1.2,
    });
  }
  goals.push({ goal: 'start-up, empty store', target: '< 400 ms', measured: `${r.startup.emptyMs} ms`, pass: r.startup.emptyMs < 400 });
  goals.push({ goal: `start-up, ${users(r.startup.users)} users`, target: '< 1.5 s', measured: `${r.startup.fullMs} ms`, pass: r.startup.fullMs < 1500 });
  goals.push({
    goal: `peak RSS at ${users(r.startup.users)} users (start and one snapshot)`,
    target: '< 250 MB',
    measured: `${r.startup.peakRssWithSnapshotMb} MB`,
    pass: r.startup.peakRssWithSnapshotMb < 250,
  });
  return goals;
}
