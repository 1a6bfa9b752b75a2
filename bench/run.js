#!/usr/bin/env node
// npm run bench [-- --quick]: the login flows against a mock in its own process, the bare-Hono ceiling,
// start-up and memory; writes bench/results.json and the tables of BENCHMARKS.md.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(root, 'dist', 'cli.bundle.js'))) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` first\n');
  process.exit(1);
}

if (newestMtime(join(root, 'src')) > statSync(join(root, 'dist', 'cli.bundle.js')).mtimeMs) {
  process.stderr.write('bench: src/ changed after the last build; run `npm run build` to measure the current code\n');
}

const { readOptions } = await import('./lib/options.js');
const { connector } = await import('./lib/http-client.js');
const { runLoad } = await import('./lib/load.js');
const { removeTempDir, startChild, tempDir, timeStart } = await import('./lib/processes.js');
const { loadBase, storeDocument, withPeople, writeStore } = await import('./lib/seed.js');
const { measureScryptCost, measureSize, memoryAfterSnapshot } = await import('./lib/mock-runs.js');
const sc = await import('./lib/scenarios.js');
const { evaluate } = await import('./lib/goals.js');
const { writeReport } = await import('./lib/report.js');
const { median } = await import('./lib/stats.js');

const opts = readOptions(process.argv.slice(2));
const began = performance.now();
/** @param {string} message */
const say = (message) => process.stdout.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(3)}s] ${message}\n`);
/** @param {import('./lib/load.js').LoadResult} r */
const fmt = (r) =>
  `${String(Math.round(r.rate)).padStart(6)}/s  p50 ${r.latency.p50.toFixed(2)} ms  p99 ${r.latency.p99.toFixed(2)} ms` +
  (r.cpuPerIteration ? `  cpu ${Math.round(r.cpuPerIteration.mainMs * 1000)} µs` : '') +
  (r.errors ? `  ERRORS ${r.errors}: ${r.firstError}` : '') +
  (r.exhausted ? `  (input ran out after ${r.seconds} s)` : '');
// One bare-Hono server for the whole run: the ceiling is measured at each concurrency at the start, and
// in turns with every run a goal reads against it (mock-runs.js).
const echo = await startChild(['bench/hono-echo.js'], { cwd: root });
/** @type {import('./lib/mock-runs.js').Bench} */
const bench = { root, opts, say, fmt, echo, silentRates: new Map() };

const cpuList = cpus();
const results = {
  date: new Date().toISOString(),
  mode: opts.mode,
  machine: { cpus: cpuList.length, cpuModel: cpuList[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}` },
  node: process.version,
  /** The machine's load average (1, 5, 15 minutes) at the start and the end: other work skews every number. */
  loadAverage: { start: loadavg().map((x) => Math.round(x * 100) / 100), end: /** @type {number[]} */ ([]) },
  settings: { warmupMs: opts.warmupMs, durationMs: opts.durationMs, sizes: opts.sizes, levels: opts.levels, scenarioLevels: opts.scenarioLevels, goalTurns: opts.goalTurns, goalLanes: opts.goalLanes },
  /** @type {Record<string, import('./lib/load.js').LoadResult[]>} */
  ceiling: {},
  /** @type {any} */
  startup: {},
  /** @type {import('./lib/mock-runs.js').SizeResult[]} */
  sizes: [],
  /** @type {any} */
  scryptCost: null,
  /** @type {any} */
  goals: null,
  totalSeconds: 0,
};

say(`tt-baas-mock benchmark (${opts.mode}): ${opts.sizes.join(' / ')} users, concurrency ${opts.levels.join(' / ')}, ${opts.durationMs / 1000} s per run after ${opts.warmupMs / 1000} s warm-up; node ${process.version}, ${cpuList.length} CPUs, load average ${results.loadAverage.start[0]}`);

/** @param {string} label @param {number[]} levels */
async function ceiling(label, levels) {
  const list = [];
  for (const c of levels) {
    const r = await runLoad({ connect: connector(echo.url), concurrency: c, warmupMs: opts.warmupMs, durationMs: opts.durationMs, iteration: sc.echo(), cpu: echo.cpu });
    say(`ceiling (${label})  bare Hono JSON POST c=${String(c).padEnd(2)} ${fmt(r)}`);
    list.push(r);
  }
  return list;
}

try {
  results.ceiling.before = await ceiling('before', opts.levels);

  const base = await loadBase(root);
  const largest = Math.max(...opts.sizes);
  const dir = tempDir('tt-baas-mock-bench-');

  // ---- start-up and memory ----
  say(`start-up: empty store, and ${largest.toLocaleString('en')} users (median of ${opts.startRepeats})`);
  const empty = [];
  for (let i = 0; i < opts.startRepeats; i++) empty.push(await timeStart(root, join(dir, `empty-${i}`, 'db.json')));
  const t = performance.now();
  const startDoc = storeDocument(base, largest);
  const startFile = join(dir, 'start', 'db.json');
  mkdirSync(join(dir, 'start'));
  await writeStore(startFile, startDoc);
  say(`  wrote a store of ${largest.toLocaleString('en')} users in ${Math.round(performance.now() - t)} ms`);
  const full = [];
  for (let i = 0; i < opts.startRepeats; i++) full.push(await timeStart(root, startFile));
  const afterSnapshot = await memoryAfterSnapshot(bench, startFile, base.clientId);
  results.startup = {
    emptyMs: median(empty.map((s) => s.ms)),
    emptyRuns: empty,
    users: largest,
    fullMs: median(full.map((s) => s.ms)),
    fullRuns: full,
    rssAfterStartMb: median(full.map((s) => s.rssMb)),
    peakRssWithSnapshotMb: afterSnapshot.peakRssMb,
  };
  say(`  empty ${results.startup.emptyMs} ms · ${largest.toLocaleString('en')} users ${results.startup.fullMs} ms, RSS ${results.startup.rssAfterStartMb} MB after start, peak ${afterSnapshot.peakRssMb} MB with a snapshot`);

  // ---- the login flows at each store size ----
  // Every store gets the same fresh people (for the new-person runs), so stores differ only in users.
  // Enough for every new-person run even when it outruns the ceiling measured on a busy machine.
  const freshPeople = 100_000;
  // The last store's goal runs take turns with a mock on the first store: the 100k/1k ratios come
  // from the same seconds, not from runs minutes apart.
  const first = opts.sizes[0] ?? 0;
  for (const [i, users] of opts.sizes.entries()) {
    const doc = users === largest ? startDoc : storeDocument(base, users);
    const beside = i > 0 && i === opts.sizes.length - 1 ? { users: first, doc: withPeople(storeDocument(base, first), first, freshPeople) } : undefined;
    results.sizes.push(await measureSize(bench, users, withPeople(doc, users, freshPeople), freshPeople, dir, beside));
  }

  if (opts.mode === 'default') {
    // What a dearer password hash does to registration and login: N = 8192 with r = 1 is the work of the
    // former default, N = 1024 with r = 8.
    results.scryptCost = await measureScryptCost(bench, withPeople(storeDocument(base, 1000), 1000, 0), dir, 8192);
  }
  removeTempDir(dir);

  results.goals = evaluate(results);
  results.loadAverage.end = loadavg().map((x) => Math.round(x * 100) / 100);
  results.totalSeconds = Math.round((performance.now() - began) / 100) / 10;
  if (opts.write) {
    writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
    writeReport(join(root, 'BENCHMARKS.md'), results);
    say('wrote bench/results.json and BENCHMARKS.md');
  }
  for (const g of /** @type {{ goal: string, measured: string, pass: boolean }[]} */ (results.goals)) say(`${g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.measured}`);
  say(`done in ${results.totalSeconds} s`);
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await echo.stop();
}

/** The latest modification time of the files under a directory. @param {string} dir @returns {number} */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
