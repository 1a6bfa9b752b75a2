import { mkdirSync, readdirSync, watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connector } from './http-client.js';
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
/** @typedef {import('./load.js').LoadResult & { snapshots: number, ceiling?: Bracket }} Run */
/** @typedef {{ users: number, freshPeople: number, peakRssMb: number, scenarios: Record<string, Run[]> }} SizeResult */

/** The runs the goals read against the ceiling, at the top concurrency: each runs in turns with bare Hono. */
const IN_TURNS = new Set(['silent-login', 'new-person', 'register']);
/** How many turns a goal run takes, each between two runs of bare Hono. */
const TURNS = 3;
/**
 * What the runs share: where the package is, the options, how to report progress, and the bare-Hono
 * server of the run (its URL).
 * @typedef {{ root: string, opts: import('./options.js').BenchOptions, say: (m: string) => void, fmt: (r: import('./load.js').LoadResult) => string, echo: { url: string, cpu: () => import('./processes.js').CpuSample } }} Bench
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
 * @returns {Promise<SizeResult>}
 */
export async function measureSize(b, users, doc, freshPeople, parent) {
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
  /** How long a run at concurrency c loads the mock: a goal run's turns after the first warm up again. @param {number} c */
  const seconds = (c) => (opts.warmupMs + opts.durationMs + (c === topLevel ? (TURNS - 1) * Math.min(opts.warmupMs, 50) : 0)) / 1000;
  const levels = opts.scenarioLevels;
  const topLevel = Math.max(...opts.levels);
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
   * @param {(ctx: import('./load.js').IterationContext) => Promise<void>} iteration
   */
  const measure = async (name, c, iteration) => {
    const goal = IN_TURNS.has(name) && c === topLevel;
    const before = snapshots;
    const { run: r, ceiling } = goal
      ? await inTurns(c, iteration)
      : { run: await runLoad({ connect, concurrency: c, warmupMs: opts.warmupMs, durationMs: opts.durationMs, iteration, cpu: mock.cpu }), ceiling: undefined };
    /** @type {Run} */
    const result = { ...r, snapshots: snapshots - before, ...(ceiling ? { ceiling } : {}) };
    const note = result.snapshots ? `  (${result.snapshots} snapshot${result.snapshots > 1 ? 's' : ''})` : '';
    say(`${label}  ${name.padEnd(15)} c=${String(c).padEnd(2)} ${b.fmt(r)}${note}`);
    if (ceiling) {
      const each = ceiling.turns.map((x) => `${x.ratio.toFixed(2)}×`).join(' ');
      say(`${label}  ${'  × bare Hono'.padEnd(15)}      ${ceiling.ratio.toFixed(2)}× (median of the turns: ${each}; bare Hono ${ceiling.hono.map((x) => Math.round(x.rate)).join(' / ')}/s)`);
    }
    (scenarios[name] ??= []).push(result);
    return result;
  };

  /**
   * A goal run in TURNS turns, each between two short runs of bare Hono, read as the median of the
   * turns' ratios. The machine's speed drifts by a third, at times by half, within minutes, and now
   * and then stalls one process for a fraction of a second: a ceiling from the same seconds cancels
   * the drift, and the median leaves out the one turn a stall fell in.
   * @param {number} c @param {(ctx: import('./load.js').IterationContext) => Promise<void>} iteration
   * @returns {Promise<{ run: import('./load.js').LoadResult, ceiling: Bracket }>}
   */
  const inTurns = async (c, iteration) => {
    const ceilings = [await bareHono(c)];
    /** @type {import('./load.js').LoadWindow[]} */
    const windows = [];
    for (let i = 0; i < TURNS; i++) {
      // The first turn warms the mock up; later ones only let the new connections settle.
      const warmupMs = i === 0 ? opts.warmupMs : Math.min(opts.warmupMs, 50);
      windows.push(await loadWindow({ connect, concurrency: c, warmupMs, durationMs: opts.durationMs / TURNS, iteration, cpu: mock.cpu }));
      ceilings.push(await bareHono(c));
      if (windows[i]?.exhausted) break;
    }
    const turns = windows.map((w, i) => {
      const rate = w.latencies.length / w.seconds;
      const ceiling = ((ceilings[i]?.rate ?? NaN) + (ceilings[i + 1]?.rate ?? NaN)) / 2;
      return { rate: Math.round(rate * 10) / 10, ceiling: Math.round(ceiling * 10) / 10, ratio: rate / ceiling };
    });
    const cpu = (/** @type {import('./load.js').LoadResult} */ x) => x.cpuPerIteration?.processMs ?? NaN;
    return {
      run: summariseWindows(c, windows),
      ceiling: {
        hono: ceilings,
        turns,
        ratio: median(turns.map((x) => x.ratio)),
        cpuMs: ceilings.reduce((sum, x) => sum + cpu(x), 0) / ceilings.length,
      },
    };
  };

  /**
   * bare Hono at this minute, between the turns of a goal run. Shorter than the turns: it only needs
   * a rate. @param {number} c
   */
  const bareHono = (c) =>
    runLoad({ connect: connector(b.echo.url), concurrency: c, warmupMs: 50, durationMs: opts.durationMs / 5, iteration: sc.echo(), cpu: b.echo.cpu });

  try {
    // A fresh process first compiles its hot paths: a run before any measured one keeps that out.
    await runLoad({ connect, concurrency: 10, warmupMs: 0, durationMs: opts.mode === 'quick' ? 600 : 1000, iteration: sc.loginFlow(target) });
    // Logins that change nothing stored come first: they leave the change log empty.
    /** @type {Map<number, number>} */
    const flowRate = new Map();
    for (const c of levels['login-flow'] ?? []) flowRate.set(c, (await measure('login-flow', c, sc.loginFlow(target))).rate);

    /** @type {Map<number, number>} */
    const silentRate = new Map();
    for (const c of levels['silent-login'] ?? []) {
      // Minting the codes takes about as long as the run: as few as will do, and a run that runs out ends
      // early. The last level's silent-login rate tells best (one at a time is a third as fast); before
      // it, the flow's (three requests; alone, silent login is three to six times as fast).
      const [lastC, lastRate] = [...silentRate].at(-1) ?? [];
      const rate =
        lastC !== undefined && lastRate !== undefined
          ? lastRate * (lastC <= 2 ? 3 : 1.8)
          : (flowRate.get(c) ?? Math.max(0, ...flowRate.values())) * (c <= 2 ? 5 : 7);
      const want = Math.min(80_000, Math.ceil(rate * seconds(c)) + 500);
      const codes = await sc.mintCodes(connect, target, Array.from({ length: want }, (_, i) => `p${(i * 7919) % users}`));
      silentRate.set(c, (await measure('silent-login', c, sc.silentLoginOnly(target, codes, false))).rate);
    }

    for (const c of levels['password-login'] ?? []) await measure('password-login', c, sc.passwordLogin(target));

    // Creating users. Registrations first, one run straight after another (no pause long enough for
    // an idle snapshot). Then new people: codes for them are minted before each run, and the run waits
    // for the snapshot that pause may bring (store.ts: a file up to 1 MiB, or a log a quarter of the
    // file), so no run has an idle snapshot in it, only those its own writes call.
    for (const c of levels['register'] ?? []) await measure('register', c, sc.register(target, `bench-${c}`));
    /** @type {number | null} */
    let lastWrite = levels['register']?.length ? performance.now() : null;
    let next = 0;
    for (const c of levels['new-person'] ?? []) {
      const rate = silentRate.get(c) ?? Math.max(1000, ...silentRate.values());
      const want = Math.min(freshPeople - next, Math.ceil(rate * (c <= 2 ? 0.5 : 1.3) * seconds(c)) + 200);
      const codes = await sc.mintCodes(connect, target, Array.from({ length: want }, () => `f${next++}`));
      if (lastWrite !== null) await settle(dir, lastWrite);
      await measure('new-person', c, sc.silentLoginOnly(target, codes, true));
      lastWrite = performance.now();
    }
    const { peakRssMb } = mock.memory();
    say(`${label}: peak RSS of the mock ${peakRssMb} MB`);
    return { users, freshPeople, peakRssMb, scenarios };
  } finally {
    watcher.close();
    await mock.stop();
    removeTempDir(dir);
  }
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
