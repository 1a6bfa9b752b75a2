import { mkdirSync, readdirSync, watch } from 'node:fs';
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
 * A mock on a copy of the smallest store, running beside the largest store's: their goal runs take
 * turns, so the cost of the largest size over the smallest is read from the same seconds.
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
 * averaged out so (BENCHMARKS.md, "Twice the pairs").
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
 * Every scenario at every level against a mock on a store of `users` users.
 * @param {Bench} b
 * @param {number} users
 * @param {import('./seed.js').Data} doc
 * @param {number} freshPeople
 * @param {string} parent
 * @param {BesideStore} [besideStore] the smallest store, for the largest: its goal runs take turns with one on this
 * @returns {Promise<SizeResult>}
 */
export async function measureSize(b, users, doc, freshPeople, parent, besideStore) {
  const { opts, say } = b;
  const label = `${users.toLocaleString('en')} users`;
  const dir = join(parent, `size-${users}`);
  mkdirSync(dir);
  const db = join(dir, 'db.json');
  await writeStore(db, doc);
  const mock = await startMock(b, db, `mock-${users}`);
  say(`${label}: mock ${mock.url} (pid ${mock.pid})`);
  const connect = connector(mock.url);
  const target = { clientId: /** @type {string} */ (Object.keys(doc.clients)[0]), users };
  /** @type {Beside | null} */
  let beside = null;
  /** @type {Promise<Beside> | null} */
  let besideReady = null;
  const levels = opts.scenarioLevels;
  const topLevel = Math.max(...opts.levels);
  const turnMs = opts.durationMs / TURN_SHARE;
  const turnCount = opts.goalTurns;
  /** How long a run at concurrency c loads the mock: a goal run's windows after the first settle briefly. @param {number} c */
  const seconds = (c) => (opts.warmupMs + (c === topLevel ? turnCount * (turnMs + (besideStore ? 2 : 1) * SWITCH_MS) : opts.durationMs)) / 1000;
  /**
   * How many seconds of a run to mint codes for before it: for a goal run, twice its warm-up and a
   * turn and a half (it is topped up between turns); for any other, all of it. @param {number} c
   */
  const ahead = (c) => (c === topLevel ? (2 * (opts.warmupMs + 1.5 * turnMs)) / 1000 : seconds(c));
  /** @type {SizeResult['scenarios']} */
  const scenarios = {};
  // Every snapshot ends by renaming its temp file over the store file.
  let snapshots = 0;
  const watcher = watch(dir, (event, name) => {
    if (event === 'rename' && name === 'db.json') snapshots++;
  });

  /**
   * @param {string} name
   * @param {number} c
   * @param {Iteration} iteration
   * @param {Iteration} [besideIteration] the same scenario on the smallest store, for the turns beside
   * @param {() => Promise<unknown>} [topUp] called between the turns of a goal run, outside every window
   */
  const measure = async (name, c, iteration, besideIteration, topUp) => {
    const goal = IN_TURNS.has(name) && c === topLevel;
    const before = snapshots;
    const { run: r, ceiling, paired } = goal
      ? await inTurns(c, iteration, besideIteration, topUp)
      : { run: await runLoad({ connect, concurrency: c, warmupMs: opts.warmupMs, durationMs: opts.durationMs, iteration, cpu: mock.cpu }), ceiling: undefined, paired: undefined };
    /** @type {Run} */
    const result = { ...r, snapshots: snapshots - before, ...(ceiling ? { ceiling } : {}), ...(paired ? { beside: paired } : {}) };
    const note = result.snapshots ? `  (${result.snapshots} snapshot${result.snapshots > 1 ? 's' : ''})` : '';
    say(`${label}  ${name.padEnd(15)} c=${String(c).padEnd(2)} ${b.fmt(r)}${note}`);
    if (ceiling) {
      const each = ceiling.turns.map((x) => `${x.ratio.toFixed(2)}×`).join(' ');
      say(`${label}  ${'  × bare Hono'.padEnd(15)}      ${ceiling.ratio.toFixed(2)}× (median of the turns: ${each}; bare Hono ${ceiling.hono.map((x) => Math.round(x.rate)).join(' / ')}/s)`);
    }
    if (paired && beside) {
      const each = paired.pairs.map((x) => pairText(x.ratio)).join(' ');
      say(`${label}  ${'  cost over ' + beside.users.toLocaleString('en')}   ${paired.ratio.toFixed(2)} (median of the pairs: ${each}; the ${beside.users.toLocaleString('en')}-user mock beside: ${b.fmt(paired.run).trim()})`);
    }
    (scenarios[name] ??= []).push(result);
    return result;
  };

  /**
   * A goal run in `opts.goalTurns` turns, each between two short runs of bare Hono, read as the median of the
   * turns' ratios. The machine's speed drifts by a third, at times by half, within minutes, and now
   * and then stalls one process for a fraction of a second: a ceiling from the same seconds cancels
   * the drift, and the median leaves out the turns a stall fell in. Beside the smallest store's mock,
   * each turn is split into two halves, each paired with the same half turn there, and the cost at
   * this size over that one is read from the pairs in the same way. Each server keeps its connections
   * for the whole goal run, so a turn needs no new connections to settle, only the caches: the
   * same seconds hold twice as many turns, and the medians move less with one stall.
   * @param {number} c @param {Iteration} iteration @param {Iteration} [besideIteration] @param {() => Promise<unknown>} [topUp]
   * @returns {Promise<{ run: import('./load.js').LoadResult, ceiling: Bracket, paired: SideBySide | undefined }>}
   */
  const inTurns = async (c, iteration, besideIteration, topUp) => {
    const open = (/** @type {() => import('./http-client.js').Connection} */ to) => Array.from({ length: c }, to);
    const toHono = connector(b.echo.url);
    const ownConns = open(connect);
    const honoConns = open(toHono);
    const other = beside && besideIteration ? { mock: beside.mock, connect: beside.connect, conns: open(beside.connect), iteration: besideIteration } : null;
    try {
      /** bare Hono at this minute, between the turns: shorter than them, it only needs a rate. @param {number} warmupMs */
      const bareHono = async (warmupMs) =>
        summariseWindows(c, [await loadWindow({ conns: honoConns, connect: toHono, concurrency: c, warmupMs, durationMs: turnMs / 2, iteration: sc.echo(), cpu: b.echo.cpu })]);
      const ceilings = [await bareHono(50)];
      /** This size's windows, turn by turn (two a turn with the mock beside, one without). @type {import('./load.js').LoadWindow[][]} */
      const turnWindows = [];
      /** @type {[import('./load.js').LoadWindow, import('./load.js').LoadWindow][]} */
      const pairs = [];
      for (let i = 0; i < turnCount; i++) {
        // The first turn warms the mock up; later ones only let its data back into the caches the
        // other server's window used.
        const warmupMs = i === 0 ? opts.warmupMs : SWITCH_MS;
        const own = (/** @type {number} */ warm, /** @type {number} */ ms) => loadWindow({ conns: ownConns, connect, concurrency: c, warmupMs: warm, durationMs: ms, iteration, cpu: mock.cpu });
        if (other) {
          // Two pairs a turn, half a turn each, in the order this size, the smallest, the smallest, this
          // size, and the next turn the other way round: a drift within the turn weighs on both sides
          // alike, and each side has the two windows straight after one another in every other turn.
          // Always in the first order, this side's windows all came after another server's while the
          // other side had two in a row: two mocks on identical stores (`--quick --sizes 999,1000`, six
          // runs) read a new person's login 1.13 on average, up to 1.27; taking turns, 1.04, at most 1.15.
          // The mock beside has not run this scenario before: its first window warms up a turn longer.
          const besideWindow = (/** @type {number} */ warm) =>
            loadWindow({ conns: other.conns, connect: other.connect, concurrency: c, warmupMs: warm, durationMs: turnMs / 2, iteration: other.iteration, cpu: other.mock.cpu });
          const ownWindow = (/** @type {number} */ warm) => own(warm, turnMs / 2);
          const ownFirst = i % 2 === 0;
          const [outer, inner] = ownFirst ? [ownWindow, besideWindow] : [besideWindow, ownWindow];
          const w1 = await outer(warmupMs);
          // Only in the first turn is the inner side the mock beside's first window.
          const w2 = await inner(i === 0 ? warmupMs + turnMs : SWITCH_MS);
          const w3 = await inner(SWITCH_MS);
          const w4 = await outer(SWITCH_MS);
          const [first, second, firstBeside, secondBeside] = ownFirst ? [w1, w4, w2, w3] : [w2, w3, w1, w4];
          turnWindows.push([first, second]);
          pairs.push([first, firstBeside], [second, secondBeside]);
        } else {
          turnWindows.push([await own(warmupMs, turnMs)]);
        }
        if (turnWindows[i]?.some((w) => w.exhausted)) {
          ceilings.push(await bareHono(SWITCH_MS));
          break;
        }
        // Before the bare-Hono run, so that it, not the minting, is what comes just before the next turn.
        if (i < turnCount - 1) await topUp?.();
        ceilings.push(await bareHono(SWITCH_MS));
      }
      const turns = turnWindows.map((list, i) => {
        const rate = list.reduce((n, w) => n + w.latencies.length, 0) / list.reduce((sec, w) => sec + w.seconds, 0);
        const ceiling = ((ceilings[i]?.rate ?? NaN) + (ceilings[i + 1]?.rate ?? NaN)) / 2;
        return { rate: Math.round(rate * 10) / 10, ceiling: Math.round(ceiling * 10) / 10, ratio: rate / ceiling };
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
        paired: beside && pairs.length ? sideBySide(beside.users, c, pairs) : undefined,
      };
    } finally {
      for (const conn of [...ownConns, ...honoConns, ...(other?.conns ?? [])]) conn.close();
    }
  };

  /** A fresh process first compiles its hot paths: a run before any measured one keeps that out. */
  const warmUp = (/** @type {() => import('./http-client.js').Connection} */ to, /** @type {sc.Target} */ t) =>
    runLoad({ connect: to, concurrency: 10, warmupMs: 0, durationMs: opts.mode === 'quick' ? 600 : 1000, iteration: sc.loginFlow(t) });
  /**
   * The mock beside, started and warmed up when the first goal run needs it: idle beside this one,
   * its collector and timers still take a little of the machine, and the runs before (the p99 of
   * silent login at c=10 among them) are better off without it.
   */
  const besideMock = () =>
    (besideReady ??= startBeside(b, /** @type {BesideStore} */ (besideStore), dir).then(async (started) => {
      beside = started;
      await warmUp(started.connect, started.target);
      return started;
    }));
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
   * Codes on this mock and, for a goal run beside the smallest store, on the mock there, topped up
   * together; `besidePeople` chooses the people there from its number of users.
   * @param {number} c @param {People} own @param {(users: number) => People} besidePeople @param {number} count @param {boolean} creates
   */
  const codesForRun = async (c, own, besidePeople, count, creates) => {
    const [mine, other] = await Promise.all([
      loginCodes(connect, target, own, count),
      // The smaller store beside answers faster, and warms up a turn longer: half again as many codes.
      besideStore && c === topLevel
        ? besideMock().then(async (m) => ({ m, supply: await loginCodes(m.connect, m.target, besidePeople(m.users), Math.ceil(count * 1.5)) }))
        : undefined,
    ]);
    return {
      iteration: sc.silentLoginOnly(target, mine.codes, creates),
      besideIteration: other && sc.silentLoginOnly(other.m.target, other.supply.codes, creates),
      topUp: c === topLevel ? () => Promise.all([mine.topUp(), other?.supply.topUp()]) : undefined,
    };
  };

  try {
    await warmUp(connect, target);
    // Logins that change nothing stored come first: they leave the change log empty.
    /** @type {Map<number, number>} */
    const flowRate = new Map();
    for (const c of levels['login-flow'] ?? []) flowRate.set(c, (await measure('login-flow', c, sc.loginFlow(target))).rate);

    /** @type {Map<number, number>} */
    const silentRate = new Map();
    for (const c of levels['silent-login'] ?? []) {
      // Minting the codes takes about as long as the run: as few as will do, and a run that runs out ends
      // early. The last level's silent-login rate tells best (one at a time is a third as fast; from 10
      // to 50 at once the rate stays about the same, or grows by half when c=10 had a slow minute), and
      // the flow's (three requests; alone, silent login is five to seven times as fast, and one at a
      // time 2.7 to 15 times: at ×5 a first run at c=1 ran out after 1.0 s of 1.5) is a floor for
      // it. A store size measured before at this level is a floor too, twice over one at a time: there
      // the rate is the round trip's, and a 10k run went half as fast again as the 1k one and ran out.
      // A goal run gets, twice over, what its warm-up and first turn and a half take, and between turns
      // what the last turn used and half again: guessed for the whole run up front, a run at c=50 ran
      // out.
      const [lastC, lastRate] = [...silentRate].at(-1) ?? [];
      const byFlow = (flowRate.get(c) ?? Math.max(0, ...flowRate.values())) * (c <= 2 ? 8 : 7);
      const estimate = Math.max(byFlow, lastC !== undefined && lastRate !== undefined ? lastRate * (lastC <= 2 ? 3 : 1.3) : 0);
      const rate = Math.max(estimate, (b.silentRates.get(c) ?? 0) * (c <= 2 ? 2 : 1));
      const want = Math.min(80_000, Math.ceil(rate * ahead(c)) + 500);
      const run = await codesForRun(c, seeded(users), seeded, want, false);
      const measured = (await measure('silent-login', c, run.iteration, run.besideIteration, run.topUp)).rate;
      silentRate.set(c, measured);
      b.silentRates.set(c, Math.max(measured, b.silentRates.get(c) ?? 0));
    }

    for (const c of levels['password-login'] ?? []) await measure('password-login', c, sc.passwordLogin(target));

    // Creating users. Registrations first, one run straight after another (no pause long enough for
    // an idle snapshot). Then new people: codes for them are minted before each run, and the run waits
    // for the snapshot that pause may bring (store.ts: a file up to 1 MiB, or a log a quarter of the
    // file), so no run has an idle snapshot in it, only those its own writes call.
    for (const c of levels['register'] ?? []) {
      const other = besideStore && c === topLevel ? await besideMock() : null;
      await measure('register', c, sc.register(target, `bench-${c}`), other ? sc.register(other.target, `beside-${c}`) : undefined);
    }
    /** @type {number | null} */
    let lastWrite = levels['register']?.length ? performance.now() : null;
    // Each code takes a fresh person, of whom there are only so many. A new person's login is slower
    // than a known one's: far slower one at a time (a fifth), and at most as fast at c=10. The goal
    // run at the top level, at most as fast too, is topped up as it goes, and what it could use at the
    // silent-login rate is kept back from the levels below it.
    const people = fresh(freshPeople);
    /** @param {number} c */
    const silentAt = (c) => silentRate.get(c) ?? Math.max(1000, ...silentRate.values());
    const keptBack = levels['new-person']?.includes(topLevel) ? Math.ceil(silentAt(topLevel) * seconds(topLevel)) + 200 : 0;
    for (const c of levels['new-person'] ?? []) {
      const want =
        c === topLevel
          ? Math.ceil(silentAt(c) * ahead(c)) + 200
          : Math.max(1000, Math.min(people.left() - keptBack, Math.ceil(silentAt(c) * (c <= 2 ? 0.3 : 1) * seconds(c)) + 200));
      // The store beside has the same fresh people, and only this run creates users for them there.
      const run = await codesForRun(c, people, () => fresh(freshPeople), want, true);
      if (lastWrite !== null) {
        await settle(dir, lastWrite);
        if (beside) await settle(beside.dir, lastWrite);
      }
      await measure('new-person', c, run.iteration, run.besideIteration, run.topUp);
      lastWrite = performance.now();
    }
    const { peakRssMb } = mock.memory();
    say(`${label}: peak RSS of the mock ${peakRssMb} MB`);
    return { users, freshPeople, peakRssMb, scenarios };
  } finally {
    watcher.close();
    await mock.stop();
    await besideReady?.catch(() => undefined);
    await /** @type {Beside | null} */ (beside)?.mock.stop();
    removeTempDir(dir);
  }
}

/** @typedef {(ctx: import('./load.js').IterationContext) => Promise<void>} Iteration */
/** @typedef {{ users: number, mock: import('./processes.js').Child, connect: () => import('./http-client.js').Connection, target: sc.Target, dir: string }} Beside */

/**
 * The mock on the smallest store that the largest one's goal runs take turns with. Its store is
 * written under `parent` (removed with it).
 * @param {Bench} b @param {BesideStore} store @param {string} parent
 */
async function startBeside(b, store, parent) {
  const dir = join(parent, `beside-${store.users}`);
  mkdirSync(dir);
  await writeStore(join(dir, 'db.json'), store.doc);
  const mock = await startMock(b, join(dir, 'db.json'), `mock-beside-${store.users}`);
  const connect = connector(mock.url);
  const target = { clientId: /** @type {string} */ (Object.keys(store.doc.clients)[0]), users: store.users };
  b.say(`${store.users.toLocaleString('en')} users, beside: mock ${mock.url} (pid ${mock.pid})`);
  return { users: store.users, mock, connect, target, dir };
}

/**
 * The pairs of windows of a goal run at the largest size and at the smallest, next to each other: the
 * cost per request at the largest over the smallest, as the median of the pairs.
 * @param {number} users the smallest store's size @param {number} c
 * @param {[import('./load.js').LoadWindow, import('./load.js').LoadWindow][]} pairs (largest, smallest)
 * @returns {SideBySide}
 */
function sideBySide(users, c, pairs) {
  // The event loop's CPU, which bounds the rate: schedstat counts it in nanoseconds, where the
  // process's ticks, counted a hundred times a second, are too coarse for a window of a fraction of a second.
  const perRequest = (/** @type {import('./load.js').LoadWindow} */ w) => (w.cpu ? w.cpu.mainMs / Math.max(w.latencies.length, 1) : NaN);
  const read = pairs.map(([w, s]) => {
    const rate = w.latencies.length / w.seconds;
    const besideRate = s.latencies.length / s.seconds;
    return { rate: Math.round(rate * 10) / 10, besideRate: Math.round(besideRate * 10) / 10, ratio: besideRate / rate, cpuRatio: perRequest(w) / perRequest(s) };
  });
  return {
    users,
    pairs: read,
    ratio: median(read.map((x) => x.ratio)),
    cpuRatio: median(read.map((x) => x.cpuRatio)),
    run: summariseWindows(c, pairs.map(([, s]) => s)),
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
 * written: its temp file is gone.
 * @param {string} dir @param {number} lastWrite performance.now() of the end of the last writes
 */
async function settle(dir, lastWrite) {
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
