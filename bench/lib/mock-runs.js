import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connector } from './http-client.js';
import { pairText } from './goals.js';
import { expectStatus, loadWindow, runLoad, summariseWindows } from './load.js';
import { median } from './stats.js';
import { removeTempDir, startChild } from './processes.js';
import * as sc from './scenarios.js';
import { writeStore } from './seed.js';

/**
 * @typedef {object} Turn one turn of a goal run, and bare Hono just before and just after it
 * @property {number} lane the number of the goal run's mock this turn ran on
 * @property {number} rate the mock's rate in this turn
 * @property {number} ceiling the mean rate of bare Hono before and after it
 * @property {number} ratio rate over ceiling
 */
/**
 * @typedef {object} Bracket bare Hono measured in turns with a goal run, at its concurrency
 * @property {import('./load.js').LoadResult[]} hono every bare-Hono run, in order: one before each turn and one after the last
 * @property {Turn[]} turns
 * @property {number} ratio the median of the turns' ratios: what the goals read
 * @property {number} cpuMs bare Hono's mean CPU per request (all threads), ms
 */
/**
 * @typedef {object} Pair half a turn of a goal run on the largest store and the same on the smallest, one straight after the other
 * @property {number} lane the number of the two mocks' lane
 * @property {number} rate the largest store's rate in this half turn
 * @property {number} besideRate the smallest store's rate in the half turn next to it
 * @property {number} ratio besideRate over rate: the cost at the largest size over the smallest
 * @property {number} cpuRatio the same from the servers' CPU per request (their event loops)
 */
/**
 * @typedef {object} SideBySide a goal run on the largest store taken in turns with the same run on the smallest
 * @property {number} users the smallest store's size
 * @property {Pair[]} pairs two a turn
 * @property {number} ratio the median of the pairs' ratios: what the 100k/1k goals read
 * @property {number} cpuRatio the median of the pairs' CPU ratios
 * @property {import('./load.js').LoadResult} run the smallest store's turns, read as one run
 */
/** @typedef {import('./load.js').LoadResult & { snapshots: number, ceiling?: Bracket, beside?: SideBySide }} Run */
/**
 * The smallest store, for mocks running beside the largest store's: their goal runs take turns, so
 * the cost of the largest size over the smallest is read from the same seconds.
 * @typedef {{ users: number, doc: import('./seed.js').Data }} BesideStore
 */
/** @typedef {{ users: number, freshPeople: number, peakRssMb: number, scenarios: Record<string, Run[]> }} SizeResult */

/** The runs the goals read against the ceiling, at the top concurrency: each runs in turns with bare Hono. */
const IN_TURNS = new Set(['silent-login', 'new-person', 'register']);
/**
 * A goal run's turn is a sixth of a run's duration: 0.2 s (quick: 0.13 s). It takes `opts.goalTurns`
 * turns, each between two runs of bare Hono: 12 (quick: 9), where it took 6 until twelve pairs of half
 * turns read a 100k/1k goal over 1.2 in one full run of four whose truth was near 1.1 (the pairs of a
 * write spread from 0.6 to 2.8 as fsyncs stall one half or another). Twice the pairs halve the
 * variance their own noise gives the median; a state of one mock that lasts a whole goal run is not
 * averaged out so (BENCHMARKS.md, "Twice the pairs"): the turns go round several mocks for that.
 */
const TURN_SHARE = 6;

/** Whom codes are minted for, one after another, and how many are left. @typedef {{ next: () => string, left: () => number }} People */

/** Seeded people of a store of `n` users, spread over it. @param {number} n @returns {People} */
const seeded = (n) => {
  let i = 0;
  return { next: () => `p${(i++ * 7919) % n}`, left: () => Infinity };
};

/** The `count` fresh people, f0 on, who have no user yet. @param {number} count @returns {People} */
const fresh = (count) => {
  let i = 0;
  return { next: () => `f${i++}`, left: () => count - i };
};
/** What a window after another server's leaves out: the time its data takes to come back into the caches. */
const SWITCH_MS = 20;
/**
 * What the runs share: where the package is, the options, how to report progress, the bare-Hono
 * server of the run (its URL), and the best silent-login rate measured so far at each concurrency.
 * @typedef {{ root: string, opts: import('./options.js').BenchOptions, say: (m: string) => void, fmt: (r: import('./load.js').LoadResult) => string, echo: { url: string, cpu: () => import('./processes.js').CpuSample }, silentRates: Map<number, number> }} Bench
 */

/**
 * Starts `tt-baas-mock start` on a store file, in its own process.
 * @param {Bench} b @param {string} db @param {string} name for its CPU profile @param {string[]} [flags]
 */
export function startMock(b, db, name, flags = []) {
  const prof = b.opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${resolve(b.opts.cpuProf)}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  return startChild(['bin/tt-baas-mock.js', 'start', '--port', '0', '--db', db, '--log', 'quiet', ...flags], { cwd: b.root, nodeFlags: prof });
}

/**
 * One mock of a goal run's turns: the goal runs take turns over several such processes on copies of
 * one store, and, at the largest size, over as many on the smallest store beside them.
 * @typedef {object} Lane
 * @property {import('./processes.js').Child} mock
 * @property {() => import('./http-client.js').Connection} connect
 * @property {sc.Target} target
 * @property {string} dir its store's directory
 * @property {People} people the fresh people its store has no user for yet
 */
/** What a goal run runs on one lane, and what tops up its codes between turns. @typedef {{ lane: Lane, iteration: Iteration, topUp?: () => Promise<unknown> }} LaneRun */

/**
 * Every scenario at every level against a mock on a store of `users` users.
 * @param {Bench} b
 * @param {number} users
 * @param {import('./seed.js').Data} doc
 * @param {number} freshPeople
 * @param {string} parent
 * @param {BesideStore} [besideStore] the smallest store, for the largest: its goal runs take turns with mocks on this
 * @returns {Promise<SizeResult>}
 */
export async function measureSize(b, users, doc, freshPeople, parent, besideStore) {
  const { opts, say } = b;
  const label = `${users.toLocaleString('en')} users`;
  const dir = join(parent, `size-${users}`);
  mkdirSync(dir);
  const db = join(dir, 'db.json');
  await writeStore(db, doc);
  // The goal runs' mocks start on copies of the store as written, as those beside them do.
  const pristine = join(dir, 'seeded.json');
  copyFileSync(db, pristine);
  const mock = await startMock(b, db, `mock-${users}`);
  say(`${label}: mock ${mock.url} (pid ${mock.pid})`);
  const connect = connector(mock.url);
  const target = { clientId: /** @type {string} */ (Object.keys(doc.clients)[0]), users };
  /** The goal runs' mocks of this size. @type {Lane[]} */
  const lanes = [];
  /** The goal runs' mocks on the smallest store, beside them at the largest size. @type {Lane[]} */
  const besides = [];
  const levels = opts.scenarioLevels;
  const topLevel = Math.max(...opts.levels);
  const turnMs = opts.durationMs / TURN_SHARE;
  const turnCount = opts.goalTurns;
  /**
   * How long a run at concurrency c loads one mock: a goal run warms each lane up for a warm-up and a
   * turn, shares its turns among the lanes, and lets each window settle briefly. @param {number} c
   */
  const seconds = (c) =>
    (opts.warmupMs + (c === topLevel ? turnMs + Math.ceil(turnCount / opts.goalLanes) * (turnMs + (besideStore ? 2 : 1) * SWITCH_MS) : opts.durationMs)) / 1000;
  /**
   * How many seconds of a run to mint codes for before it: for a goal run, on each lane, twice its
   * warm-up and a turn and a half (it is topped up between turns); for any other, all of it. @param {number} c
   */
  const ahead = (c) => (c === topLevel ? (2 * (opts.warmupMs + 1.5 * turnMs)) / 1000 : seconds(c));
  /** @type {SizeResult['scenarios']} */
  const scenarios = {};

  /** Reports a run as it ends, and keeps it. @param {string} name @param {Run} result */
  const keep = (name, result) => {
    const note = result.snapshots ? `  (${result.snapshots} snapshot${result.snapshots > 1 ? 's' : ''})` : '';
    say(`${label}  ${name.padEnd(15)} c=${String(result.concurrency).padEnd(2)} ${b.fmt(result)}${note}`);
    const { ceiling, beside: paired } = result;
    if (ceiling) {
      const each = ceiling.turns.map((x) => `${x.ratio.toFixed(2)}×`).join(' ');
      say(`${label}  ${'  × bare Hono'.padEnd(15)}      ${ceiling.ratio.toFixed(2)}× (median of the turns: ${each}; bare Hono ${ceiling.hono.map((x) => Math.round(x.rate)).join(' / ')}/s)`);
    }
    if (paired) {
      const each = paired.pairs.map((x) => pairText(x.ratio)).join(' ');
      say(`${label}  ${'  cost over ' + paired.users.toLocaleString('en')}   ${paired.ratio.toFixed(2)} (median of the pairs: ${each}; the ${paired.users.toLocaleString('en')}-user mocks beside: ${b.fmt(paired.run).trim()})`);
    }
    (scenarios[name] ??= []).push(result);
    return result;
  };

  /** A run that is not a goal's, on the first mock of this size. @param {string} name @param {number} c @param {Iteration} iteration */
  const measure = async (name, c, iteration) => {
    const counter = snapshotCounter([db]);
    const r = await runLoad({ connect, concurrency: c, warmupMs: opts.warmupMs, durationMs: opts.durationMs, iteration, cpu: mock.cpu });
    return keep(name, { ...r, snapshots: counter.stop() });
  };

  /**
   * A goal run: what `prepare` gives each lane (this size's, and the smallest store's beside them), run
   * in turns; `warmed` is called once every lane has been warmed up, before the first turn.
   * @param {string} name @param {number} c
   * @param {(lane: Lane, own: boolean) => Promise<LaneRun>} prepare
   * @param {() => Promise<unknown>} [warmed]
   */
  const measureGoal = async (name, c, prepare, warmed) => {
    const own = await Promise.all(lanes.map((lane) => prepare(lane, true)));
    const other = besides.length ? await Promise.all(besides.map((lane) => prepare(lane, false))) : null;
    /** @type {ReturnType<typeof snapshotCounter> | undefined} */
    let counter;
    const { run, ceiling, paired } = await inTurns(c, own, other, async () => {
      await warmed?.();
      counter = snapshotCounter(lanes.map((lane) => join(lane.dir, 'db.json')));
    });
    return keep(name, { ...run, snapshots: counter?.stop() ?? 0, ceiling, ...(paired ? { beside: paired } : {}) });
  };

  /**
   * A goal run in `opts.goalTurns` turns, each between two short runs of bare Hono, read as the median of the
   * turns' ratios. The machine's speed drifts by a third, at times by half, within minutes, and now
   * and then stalls one process for a fraction of a second: a ceiling from the same seconds cancels
   * the drift, and the median leaves out the turns a stall fell in. The turns go round the lanes, so
   * that no one process's luck sets the reading: fresh processes on identical stores differ, now and
   * then one by a fifth for as long as it runs (BENCHMARKS.md, "Goal runs on new mocks, in
   * turns"). Beside the smallest store's mocks, each turn is split into two halves, each paired with
   * the same half turn on the lane of the same number there, and the cost at this size over that one
   * is read from the pairs in the same way. Each server keeps its connections for the whole goal run,
   * so a turn needs no new connections to settle, only the caches: the same seconds hold twice as
   * many turns, and the medians move less with one stall.
   * @param {number} c @param {LaneRun[]} own @param {LaneRun[] | null} other @param {() => Promise<unknown>} warmed
   * @returns {Promise<{ run: import('./load.js').LoadResult, ceiling: Bracket, paired: SideBySide | undefined }>}
   */
  const inTurns = async (c, own, other, warmed) => {
    const open = (/** @type {() => import('./http-client.js').Connection} */ to) => Array.from({ length: c }, to);
    const toHono = connector(b.echo.url);
    const honoConns = open(toHono);
    const sides = other ? [own, other] : [own];
    const conns = sides.map((side) => side.map((x) => open(x.lane.connect)));
    try {
      /** bare Hono at this minute, between the turns: shorter than them, it only needs a rate. @param {number} warmupMs */
      const bareHono = async (warmupMs) =>
        summariseWindows(c, [await loadWindow({ conns: honoConns, connect: toHono, concurrency: c, warmupMs, durationMs: turnMs / 2, iteration: sc.echo(), cpu: b.echo.cpu })]);
      /** A window on lane k of side s (0: this size, 1: the smallest store beside). @param {number} s @param {number} k @param {number} warmupMs @param {number} durationMs */
      const window = (s, k, warmupMs, durationMs) => {
        const x = /** @type {LaneRun} */ (sides[s]?.[k]);
        return loadWindow({ conns: conns[s]?.[k], connect: x.lane.connect, concurrency: c, warmupMs, durationMs, iteration: x.iteration, cpu: x.lane.mock.cpu });
      };
      // Each lane, and the lane of its number beside, first runs the scenario for a warm-up and a turn,
      // unread. Read from there, the first turn on each lane read lower than its later ones: in one
      // full run, registration's three first turns 0.24–0.30× at 1k against 0.40× for the rest, and
      // silent login's 0.24–0.41× at 10k against 0.67× (a new mock, on a store it has not written to).
      for (let k = 0; k < own.length; k++) {
        for (const s of sides.keys()) {
          const w = await window(s, k, opts.warmupMs + turnMs, 0);
          if (w.exhausted || w.errors) throw new Error(`lane ${k}'s warm-up: ${w.firstError ?? 'its codes ran out'}`);
        }
      }
      await warmed();
      const ceilings = [await bareHono(50)];
      /** This size's windows, turn by turn (two a turn with the mocks beside, one without). @type {import('./load.js').LoadWindow[][]} */
      const turnWindows = [];
      /** @type {{ lane: number, windows: [import('./load.js').LoadWindow, import('./load.js').LoadWindow] }[]} */
      const pairs = [];
      for (let i = 0; i < turnCount; i++) {
        const k = i % own.length;
        // Warmed up above, a window only lets a mock's data back into the caches the other server's
        // window used (SWITCH_MS).
        if (other) {
          // Two pairs a turn, half a turn each, in the order this size, the smallest, the smallest, this
          // size, and the lane's next turn the other way round: a drift within the turn weighs on both
          // sides alike, and each side has the two windows straight after one another in every other
          // turn. Always in the first order, this side's windows all came after another server's while
          // the other side had two in a row: two mocks on identical stores (`--quick --sizes 999,1000`,
          // six runs) read a new person's login 1.13 on average, up to 1.27; taking turns, 1.04, at
          // most 1.15.
          const ownFirst = Math.floor(i / own.length) % 2 === 0;
          const [outer, inner] = ownFirst ? [0, 1] : [1, 0];
          const w1 = await window(outer, k, SWITCH_MS, turnMs / 2);
          const w2 = await window(inner, k, SWITCH_MS, turnMs / 2);
          const w3 = await window(inner, k, SWITCH_MS, turnMs / 2);
          const w4 = await window(outer, k, SWITCH_MS, turnMs / 2);
          const [first, second, firstBeside, secondBeside] = ownFirst ? [w1, w4, w2, w3] : [w2, w3, w1, w4];
          turnWindows.push([first, second]);
          pairs.push({ lane: k, windows: [first, firstBeside] }, { lane: k, windows: [second, secondBeside] });
        } else {
          turnWindows.push([await window(0, k, SWITCH_MS, turnMs)]);
        }
        const exhausted = turnWindows[i]?.some((w) => w.exhausted) || pairs.slice(-2).some((p) => p.windows[1].exhausted);
        // Before the bare-Hono run, so that it, not the minting, is what comes just before the next turn.
        if (!exhausted && i < turnCount - 1) await Promise.all(sides.map((side) => side[k]?.topUp?.()));
        ceilings.push(await bareHono(SWITCH_MS));
        if (exhausted) break;
      }
      const turns = turnWindows.map((list, i) => {
        const rate = list.reduce((n, w) => n + w.latencies.length, 0) / list.reduce((sec, w) => sec + w.seconds, 0);
        const ceiling = ((ceilings[i]?.rate ?? NaN) + (ceilings[i + 1]?.rate ?? NaN)) / 2;
        return { lane: i % own.length, rate: Math.round(rate * 10) / 10, ceiling: Math.round(ceiling * 10) / 10, ratio: rate / ceiling };
      });
      const cpu = (/** @type {import('./load.js').LoadResult} */ x) => x.cpuPerIteration?.processMs ?? NaN;
      return {
        run: summariseWindows(c, turnWindows.flat()),
        ceiling: {
          hono: ceilings,
          turns,
          ratio: median(turns.map((x) => x.ratio)),
          cpuMs: ceilings.reduce((sum, x) => sum + cpu(x), 0) / ceilings.length,
        },
        paired: besideStore && pairs.length ? sideBySide(besideStore.users, c, pairs) : undefined,
      };
    } finally {
      for (const conn of [...honoConns, ...conns.flat(2)]) conn.close();
    }
  };

  /** A fresh process first compiles its hot paths: a run before any measured one keeps that out. */
  const warmUp = (/** @type {() => import('./http-client.js').Connection} */ to, /** @type {sc.Target} */ t) =>
    runLoad({ connect: to, concurrency: 10, warmupMs: 0, durationMs: opts.mode === 'quick' ? 600 : 1000, iteration: sc.loginFlow(t) });
  /**
   * Codes for silent logins on one mock, `count` of them minted now, each for the next of `people`.
   * `topUp`, between two turns of a goal run, mints twice what was used since the last call, less what
   * is left, and no more than `people` has left: the rate of a run guessed up front was short for a run
   * at c=50 that went faster than any before it, and half again as much was short for a turn that went
   * half as fast again as the one before (a quick run's new-person logins at 100k ran out in its eighth turn).
   * @param {() => import('./http-client.js').Connection} to @param {sc.Target} t
   * @param {People} people @param {number} count
   */
  const loginCodes = async (to, t, people, count) => {
    const mint = (/** @type {number} */ k) => sc.mintCodes(to, t, Array.from({ length: Math.max(0, Math.min(k, people.left())) }, people.next));
    const codes = await mint(count);
    let mark = codes.length;
    const topUp = async () => {
      const need = 2 * (mark - codes.length) + 200;
      if (codes.length < need) for (const code of await mint(need - codes.length)) codes.push(code);
      mark = codes.length;
    };
    return { codes, topUp };
  };
  /**
   * A goal run's silent logins on one lane: the smaller store beside may answer faster, so it gets
   * half again as many codes. @param {number} count @param {boolean} creates @returns {(lane: Lane, own: boolean) => Promise<LaneRun>}
   */
  const laneLogins = (count, creates) => async (lane, own) => {
    const people = creates ? lane.people : seeded(lane.target.users);
    const { codes, topUp } = await loginCodes(lane.connect, lane.target, people, own ? count : Math.ceil(count * 1.5));
    return { lane, iteration: sc.silentLoginOnly(lane.target, codes, creates), topUp };
  };

  /**
   * The goal runs' lanes: `opts.goalLanes` mocks started anew on copies of this size's store as the
   * bench wrote it, and at the largest size as many on the smallest store beside. They start
   * at once (two cores start two stores in the time of one); each goal run warms each of them up in
   * its scenario before its turns (inTurns).
   */
  const startLanes = async () => {
    // The smallest store is written once, like this one, and each lane beside starts on a copy.
    const besideSeed = besideStore ? join(dir, `beside-${besideStore.users}-seeded.json`) : null;
    if (besideStore && besideSeed) await writeStore(besideSeed, besideStore.doc);
    const starts = Array.from({ length: opts.goalLanes }, (_, k) => [
      startLane(b, pristine, join(dir, `goals-${k}`), `mock-${users}-goals-${k}`, target, freshPeople),
      besideStore && besideSeed
        ? startLane(b, besideSeed, join(dir, `beside-${besideStore.users}-${k}`), `mock-beside-${besideStore.users}-${k}`, besideTarget(besideStore), freshPeople)
        : Promise.resolve(null),
    ]);
    // Every process that started is kept, to be stopped, even when another failed to.
    const settled = await Promise.allSettled(starts.flat());
    for (const [i, x] of settled.entries()) if (x.status === 'fulfilled' && x.value) (i % 2 ? besides : lanes).push(x.value);
    const failed = settled.find((x) => x.status === 'rejected');
    if (failed) throw failed.reason;
    say(`${label}: the goal runs take turns over ${lanes.length} new mocks (pids ${lanes.map((l) => l.mock.pid).join(', ')})` +
      (besides.length ? ` and ${besides.length} on ${besideStore?.users.toLocaleString('en')} users beside (pids ${besides.map((l) => l.mock.pid).join(', ')})` : ''));
  };

  /** Each code takes a fresh person, of whom there are only so many. */
  const people = fresh(freshPeople);
  let peakRssMb = 0;
  try {
    await warmUp(connect, target);
    // Logins that change nothing stored come first: they leave the change log empty.
    /** @type {Map<number, number>} */
    const flowRate = new Map();
    for (const c of levels['login-flow'] ?? []) flowRate.set(c, (await measure('login-flow', c, sc.loginFlow(target))).rate);

    /** @type {Map<number, number>} */
    const silentRate = new Map();
    /**
     * Minting the codes takes about as long as the run: as few as will do, and a run that runs out ends
     * early. The last level's silent-login rate tells best (one at a time is a third as fast; from 10
     * to 50 at once the rate stays about the same, or grows by half when c=10 had a slow minute), and
     * the flow's (three requests; alone, silent login is five to seven times as fast, and one at a
     * time 2.7 to 15 times: at ×5 a first run at c=1 ran out after 1.0 s of 1.5) is a floor for
     * it. A store size measured before at this level is a floor too, twice over one at a time: there
     * the rate is the round trip's, and a 10k run went half as fast again as the 1k one and ran out.
     * A goal run's lanes get, twice over, what a warm-up and a turn and a half take, and between turns
     * twice what the last turn used: guessed for the whole run up front, a run at c=50 ran out.
     * @param {number} c
     */
    const silentCodes = (c) => {
      const [lastC, lastRate] = [...silentRate].at(-1) ?? [];
      const byFlow = (flowRate.get(c) ?? Math.max(0, ...flowRate.values())) * (c <= 2 ? 8 : 7);
      const estimate = Math.max(byFlow, lastC !== undefined && lastRate !== undefined ? lastRate * (lastC <= 2 ? 3 : 1.3) : 0);
      const rate = Math.max(estimate, (b.silentRates.get(c) ?? 0) * (c <= 2 ? 2 : 1));
      return Math.min(80_000, Math.ceil(rate * ahead(c)) + 500);
    };
    /** @param {number} c @param {Run} run */
    const silentMeasured = (c, run) => {
      silentRate.set(c, run.rate);
      b.silentRates.set(c, Math.max(run.rate, b.silentRates.get(c) ?? 0));
    };
    /** When the last run that wrote to a store ended. @type {number | null} */
    let lastWrite = null;
    // A new person's login is slower than a known one's: far slower one at a time (a fifth), and at
    // most as fast at c=10. The goal run at the top level, at most as fast too, is topped up as it
    // goes, and what one lane of it could use at the silent-login rate is kept back from the levels
    // below it (each lane's store has the same fresh people left).
    /** @param {number} c */
    const silentAt = (c) => silentRate.get(c) ?? Math.max(1000, ...silentRate.values());
    /** @param {number} c */
    const newPeopleFor = (c) => {
      if (c === topLevel) return Math.ceil(silentAt(c) * ahead(c)) + 200;
      const keptBack = levels['new-person']?.includes(topLevel) ? Math.ceil(silentAt(topLevel) * seconds(topLevel)) + 200 : 0;
      return Math.max(1000, Math.min(people.left() - keptBack, Math.ceil(silentAt(c) * (c <= 2 ? 0.3 : 1) * seconds(c)) + 200));
    };
    // Codes for new people are minted before each run, and the run waits for the snapshot the pause
    // since the last writes may bring (store.ts: a file up to 1 MiB, or a log a quarter of the file),
    // so no run has an idle snapshot in it, only those its own writes call.
    const settleAll = async () => {
      if (lastWrite === null) return;
      // Once the goal mocks run, the first mock is gone and its store with it.
      const dirs = lanes.length ? [...lanes, ...besides].map((l) => l.dir) : [dir];
      for (const d of dirs) await settle(d, lastWrite);
    };
    // A write goal's warm-up does the same, and the turns wait for it: one lane waits for the others to
    // warm up, long enough a pause to fold its log in, and its first turn read 1.8 to 5 times as slow
    // as the one beside it, where the wait was shorter (two identical stores, ten runs).
    const afterWrites = async () => {
      lastWrite = performance.now();
      await settleAll();
    };

    const isGoal = (/** @type {string} */ name, /** @type {number} */ c) => IN_TURNS.has(name) && c === topLevel;
    const below = (/** @type {string} */ name) => (levels[name] ?? []).filter((c) => !isGoal(name, c));
    for (const c of below('silent-login')) {
      const { codes } = await loginCodes(connect, target, seeded(users), silentCodes(c));
      silentMeasured(c, await measure('silent-login', c, sc.silentLoginOnly(target, codes, false)));
    }
    for (const c of levels['password-login'] ?? []) await measure('password-login', c, sc.passwordLogin(target));
    // Registrations run one straight after another (no pause long enough for an idle snapshot).
    for (const c of below('register')) {
      await measure('register', c, sc.register(target, `bench-${c}`));
      lastWrite = performance.now();
    }
    for (const c of below('new-person')) {
      const { codes } = await loginCodes(connect, target, people, newPeopleFor(c));
      await settleAll();
      await measure('new-person', c, sc.silentLoginOnly(target, codes, true));
      lastWrite = performance.now();
    }

    // The goal runs, on mocks started anew on the store as seeded and warmed up alike on both sides: a
    // process that has run everything before carries what it kept (the codes minted for earlier runs,
    // a heap grown for them) into the run, and on two identical stores read the side that had run
    // everything before dearer than the fresh one beside it, 1.07 on average against 0.98
    // (BENCHMARKS.md). Its store is not needed again: no snapshot to wait for.
    const goals = ['silent-login', 'register', 'new-person'].filter((name) => (levels[name] ?? []).includes(topLevel));
    peakRssMb = mock.memory().peakRssMb;
    if (goals.length) {
      await mock.kill();
      await startLanes();
    }
    for (const name of goals) {
      if (name === 'silent-login') silentMeasured(topLevel, await measureGoal(name, topLevel, laneLogins(silentCodes(topLevel), false)));
      if (name === 'register') {
        await measureGoal(name, topLevel, async (lane, own) => ({ lane, iteration: sc.register(lane.target, `${own ? 'bench' : 'beside'}-${topLevel}`) }), afterWrites);
        lastWrite = performance.now();
      }
      if (name === 'new-person') {
        await measureGoal(name, topLevel, laneLogins(newPeopleFor(topLevel), true), afterWrites);
        lastWrite = performance.now();
      }
    }

    peakRssMb = Math.max(peakRssMb, ...lanes.map((l) => l.mock.memory().peakRssMb));
    say(`${label}: peak RSS of a mock ${peakRssMb} MB`);
    return { users, freshPeople, peakRssMb, scenarios };
  } finally {
    // Every store of the size is thrown away: a snapshot of each as it stopped took a second at 100k.
    await Promise.all([mock, ...lanes.map((l) => l.mock), ...besides.map((l) => l.mock)].map((m) => m.kill()));
    removeTempDir(dir);
  }
}

/** @typedef {(ctx: import('./load.js').IterationContext) => Promise<void>} Iteration */

/**
 * Counts the snapshots of some stores until stopped: each ends by renaming its temp file over the
 * store file, so the file's inode changes. Polled, not watched: a watch on the store's directory
 * wakes the load generator at every append to the change log beside the file, and on two identical
 * stores read the watched side's writes 5–10% dearer (BENCHMARKS.md).
 * @param {string[]} files
 */
function snapshotCounter(files) {
  const inode = (/** @type {string} */ file) => {
    try {
      return statSync(file).ino;
    } catch {
      return -1; // not there (yet): a rename over the file never leaves it missing
    }
  };
  const last = files.map(inode);
  let count = 0;
  const timer = setInterval(() => {
    for (const [i, file] of files.entries()) {
      const now = inode(file);
      if (now !== last[i] && now !== -1) {
        last[i] = now;
        count++;
      }
    }
  }, 25);
  return {
    stop: () => {
      clearInterval(timer);
      return count;
    },
  };
}

/**
 * A goal run's mock on a copy of `seed`, in `dir` (under the size's directory, removed with it).
 * @param {Bench} b @param {string} seed @param {string} dir @param {string} name for its CPU profile
 * @param {sc.Target} target @param {number} freshPeople
 * @returns {Promise<Lane>}
 */
async function startLane(b, seed, dir, name, target, freshPeople) {
  mkdirSync(dir);
  copyFileSync(seed, join(dir, 'db.json'));
  const mock = await startMock(b, join(dir, 'db.json'), name);
  return { mock, connect: connector(mock.url), target, dir, people: fresh(freshPeople) };
}

/** Whom the mocks on the smallest store serve. @param {BesideStore} store @returns {sc.Target} */
const besideTarget = (store) => ({ clientId: /** @type {string} */ (Object.keys(store.doc.clients)[0]), users: store.users });

/**
 * The pairs of windows of a goal run at the largest size and at the smallest, next to each other: the
 * cost per request at the largest over the smallest, as the median of the pairs.
 * @param {number} users the smallest store's size @param {number} c
 * @param {{ lane: number, windows: [import('./load.js').LoadWindow, import('./load.js').LoadWindow] }[]} pairs (largest, smallest)
 * @returns {SideBySide}
 */
function sideBySide(users, c, pairs) {
  // The event loop's CPU, which bounds the rate: schedstat counts it in nanoseconds, where the
  // process's ticks, counted a hundred times a second, are too coarse for a window of a fraction of a second.
  const perRequest = (/** @type {import('./load.js').LoadWindow} */ w) => (w.cpu ? w.cpu.mainMs / Math.max(w.latencies.length, 1) : NaN);
  const read = pairs.map(({ lane, windows: [w, s] }) => {
    const rate = w.latencies.length / w.seconds;
    const besideRate = s.latencies.length / s.seconds;
    return { lane, rate: Math.round(rate * 10) / 10, besideRate: Math.round(besideRate * 10) / 10, ratio: besideRate / rate, cpuRatio: perRequest(w) / perRequest(s) };
  });
  return {
    users,
    pairs: read,
    ratio: median(read.map((x) => x.ratio)),
    cpuRatio: median(read.map((x) => x.cpuRatio)),
    run: summariseWindows(c, pairs.map(({ windows: [, s] }) => s)),
  };
}

/**
 * Peak memory of a mock on the largest store once it has also written a snapshot (which goes through
 * the whole store): one registration, then the snapshot it writes as it stops. A pause would not bring
 * one: the store folds a log that small into a file this large only at shutdown. VmHWM keeps the
 * peak, so its last reading before the process exits includes that snapshot.
 * @param {Bench} b @param {string} file @param {string} clientId
 */
export async function memoryAfterSnapshot(b, file, clientId) {
  const mock = await startMock(b, file, 'mock-memory');
  const conn = connector(mock.url)();
  try {
    await sc.register({ clientId, users: 0 }, 'memory-probe')({ conn, worker: 0, step: (_n, run) => run() });
  } catch (err) {
    await mock.stop();
    throw err;
  } finally {
    conn.close();
  }
  let last = mock.memory();
  let exited = false;
  const stopped = mock.stop().finally(() => (exited = true));
  while (!exited) {
    const now = mock.memory();
    if (Number.isFinite(now.peakRssMb)) last = now;
    await sleep(5);
  }
  await stopped;
  if (walSegments(join(file, '..')).length > 0) throw new Error('the mock left its change log behind instead of writing a snapshot as it stopped');
  return last;
}

/**
 * Registration and password login again with a dearer password hash: what the scrypt cost alone
 * takes from them.
 * @param {Bench} b @param {import('./seed.js').Data} doc @param {string} parent @param {number} cost
 */
export async function measureScryptCost(b, doc, parent, cost) {
  const dir = join(parent, `scrypt-${cost}`);
  mkdirSync(dir);
  const db = join(dir, 'db.json');
  await writeStore(db, doc);
  const mock = await startMock(b, db, `mock-scrypt-${cost}`, ['--scrypt-cost', String(cost)]);
  const target = { clientId: /** @type {string} */ (Object.keys(doc.clients)[0]), users: 1000 };
  const c = Math.max(...b.opts.levels);
  /** @type {Record<string, import('./load.js').LoadResult>} */
  const out = {};
  try {
    // Seeded users keep the hash they were seeded with: log in as users registered here.
    const conn = connector(mock.url)();
    const names = Array.from({ length: 200 }, (_, i) => `cheap-${i}`);
    for (const username of names) {
      const r = await conn.request('POST', '/hserve/v2.1/register/username/', { 'x-hydrogen-client-id': target.clientId }, { username, password: 'p' });
      expectStatus(r, 201, 'register');
    }
    conn.close();
    const run = (/** @type {(ctx: import('./load.js').IterationContext) => Promise<void>} */ iteration) =>
      runLoad({ connect: connector(mock.url), concurrency: c, warmupMs: b.opts.warmupMs, durationMs: b.opts.durationMs, iteration, cpu: mock.cpu });
    out.register = await run(sc.register(target, `cheap-register`));
    b.say(`--scrypt-cost ${cost}  register        c=${c} ${b.fmt(out.register)}`);
    out['password-login'] = await run(sc.passwordLoginAs(target, names, 'p'));
    b.say(`--scrypt-cost ${cost}  password-login  c=${c} ${b.fmt(out['password-login'])}`);
    return { cost, concurrency: c, ...out };
  } finally {
    await mock.stop();
    removeTempDir(dir);
  }
}

/**
 * Waits until the snapshot a pause after writes may bring (one second after the last change) has been
 * written: its temp file is gone. A store folds its log in at a pause only while its snapshot is 1 MiB
 * or less, or its log a quarter of it (store.ts); when neither can be so, there is nothing to wait for
 * (the log's segments on disk hold at least the log, so this errs on the side of waiting).
 * @param {string} dir @param {number} lastWrite performance.now() of the end of the last writes
 */
async function settle(dir, lastWrite) {
  const size = (/** @type {string} */ name) => {
    try {
      return statSync(join(dir, name)).size;
    } catch {
      return NaN;
    }
  };
  const snapshot = size('db.json');
  const log = walSegments(dir).reduce((sum, n) => sum + size(`db.json.wal.${n}`), 0);
  if (snapshot > 1024 * 1024 && log * 4 < snapshot) return;
  const idle = lastWrite + 1300 - performance.now();
  if (idle > 0) await sleep(idle);
  const deadline = performance.now() + 20_000;
  while (readdirSync(dir).some((name) => name.endsWith('.tmp')) && performance.now() < deadline) await sleep(20);
}

/** The numbers of the change-log segments in a store's directory. @param {string} dir @returns {number[]} */
function walSegments(dir) {
  return readdirSync(dir).flatMap((name) => {
    const m = /\.wal\.(\d+)$/.exec(name);
    return m ? [Number(m[1])] : [];
  });
}
