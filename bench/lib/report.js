import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { acrossRuns, at, besideOf, ceilingAt, pairText, rawGrowth, shareOf, users } from './goals.js';

const BEGIN = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:end -->';

/** @typedef {import('./load.js').LoadResult & { snapshots?: number }} Run */

/** The scenarios in the order of the tables, with what one iteration is. */
const SCENARIOS = /** @type {const} */ ([
  ['login-flow', 'ByteDance login flow: `tt.login`, silent login, current user', 'flows/s', 3],
  ['silent-login', 'Silent login of an existing person (the request alone)', 'req/s', 1],
  ['password-login', 'Password login', 'req/s', 1],
  ['new-person', "A new person's silent login (creates a user)", 'req/s', 1],
  ['register', 'Registration (creates a user)', 'req/s', 1],
]);

/**
 * Writes the measured tables into BENCHMARKS.md between the markers, keeping what is written around
 * them; a missing file is created with the markers.
 * @param {string} path
 * @param {any} results
 */
export function writeReport(path, results) {
  const body = render(results);
  const old = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const from = old.indexOf(BEGIN);
  const to = old.indexOf(END);
  const text = from >= 0 && to > from ? old.slice(0, from) + BEGIN + '\n' + body + old.slice(to) : `${old.trimEnd()}\n\n${BEGIN}\n${body}${END}\n`;
  writeFileSync(path, text);
}

/** @param {any} r */
function render(r) {
  const levels = /** @type {number[]} */ (r.settings.levels);
  const top = levels.includes(50) ? 50 : levels[levels.length - 1];
  const out = [];
  out.push(
    `Measured ${r.date.slice(0, 10)} with \`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\` on ${r.machine.cpus} × ${r.machine.cpuModel}, ` +
      `${r.machine.memoryGb} GB, ${r.machine.platform}, Node ${r.node}; ${r.settings.durationMs / 1000} s per run after ${r.settings.warmupMs / 1000} s of warm-up; ` +
      `the whole run took ${r.totalSeconds} s; load average ${r.loadAverage.start[0]} at the start, ${r.loadAverage.end[0]} at the end (other work on the machine lowers every rate). ` +
      'Raw numbers: [bench/results.json](bench/results.json).',
    '',
    '### Goals',
    '',
    '| goal | target | measured | |',
    '|---|---|---|---|',
    ...r.goals.map((/** @type {any} */ g) => `| ${g.goal} | ${g.target} | ${g.measured} | ${g.pass ? 'PASS' : '**FAIL**'} |`),
    '',
    '### The ceiling: bare Hono on @hono/node-server answering a JSON POST',
    '',
    'Measured at every concurrency at the start of the run, and in turns with each run the goals read against it: ' +
      `silent login, a new person's login and registration at c=${top} each run in ${turnCount(r, top)} turns, each between two short runs of bare Hono, ` +
      `going round ${lanes(r)} mocks started anew for the goal runs on copies of the store, each warmed up in the scenario for a warm-up and a turn first, unread (a process that ran everything before reads dearer, and now and then a fresh one reads a fifth apart from the others for as long as it runs), ` +
      'and the run reads as the median of its turns, each turn against the mean of the bare-Hono runs just before and just after it. ' +
      "The machine's speed drifts by a third, at times by half, within minutes, and now and then stalls a process for a fraction of a second: " +
      'a ceiling from the same seconds cancels the drift, and the median leaves out the turns a stall fell in. Each server keeps its connections through a goal run, so a turn measures from its first request. ' +
      'Runs not taken in turns are read against the best ceiling of the run.',
    '',
    `| c | ${Object.keys(r.ceiling).map((k) => `${k}: req/s | p50 ms | p99 ms`).join(' | ')} |`,
    `|---|${Object.keys(r.ceiling).map(() => '---:|---:|---:').join('|')}|`,
    ...levels.map((c) => `| ${c} | ${Object.values(r.ceiling).map((/** @type {Run[]} */ list) => cells(list.find((x) => x.concurrency === c))).join(' | ')} |`),
    '',
    `| goal run, c=${top} | users | bare Hono in turns, req/s | CPU µs per request (bare Hono, mean) | the run, req/s | each turn × ceiling | × ceiling (median) |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...['silent-login', 'new-person', 'register'].flatMap((name) =>
      r.sizes.map((/** @type {any} */ s) => {
        const run = at(s, name, top);
        const b = run?.ceiling;
        if (!b?.turns) return `| ${name} | ${users(s.users)} | – | – | ${run ? Math.round(run.rate).toLocaleString('en') : '–'} | – | – |`;
        const rates = b.hono.map((/** @type {Run} */ x) => Math.round(x.rate).toLocaleString('en')).join(' / ');
        const turns = b.turns.map((/** @type {{ ratio: number }} */ x) => num(x.ratio, 2)).join(' / ');
        return `| ${name} | ${users(s.users)} | ${rates} | ${num(b.cpuMs * 1000, 0)} | ${Math.round(run.rate).toLocaleString('en')} | ${turns} | ${num(b.ratio, 2)}× |`;
      }),
    ),
    '',
    ...unsteady(r, top),
  );

  for (const [name, title, unit, requests] of SCENARIOS) {
    out.push(
      `### ${title}`,
      '',
      `| users | ${levels.map((c) => `c=${c} ${unit} | p50 ms | p99 ms`).join(' | ')} | ${requests > 1 ? `requests (${requests} a flow)` : 'requests'} × ceiling at c=${top} |`,
      `|---:|${levels.map(() => '---:|---:|---:').join('|')}|---:|`,
    );
    for (const s of r.sizes) {
      const runs = levels.map((c) => at(s, name, c));
      const x = shareOf(r, at(s, name, top), top) * requests;
      out.push(`| ${users(s.users)} | ${runs.map((run) => cells(run)).join(' | ')} | ${num(x, 2)}× |`);
    }
    const notes = r.sizes.flatMap((/** @type {any} */ s) =>
      levels.flatMap((c) => {
        const run = /** @type {Run | undefined} */ (at(s, name, c));
        const parts = [];
        if (run?.snapshots) parts.push(`${run.snapshots} snapshot${run.snapshots > 1 ? 's' : ''} written during the run`);
        if (run?.exhausted) parts.push(`prepared codes ran out after ${run.seconds} s`);
        if (run?.errors) parts.push(`${run.errors} errors (${run.firstError})`);
        return parts.length ? [`${users(s.users)} users, c=${c}: ${parts.join('; ')}.`] : [];
      }),
    );
    if (notes.length) out.push('', ...notes.map((/** @type {string} */ n) => `- ${n}`));
    if (name === 'login-flow') {
      out.push('', 'Each request of the flow (p50 / p99 ms):', '', `| users | c | tt.login | silent-login | current-user |`, '|---:|---:|---:|---:|---:|');
      for (const s of r.sizes) {
        for (const c of levels) {
          const steps = at(s, name, c)?.steps ?? {};
          const cell = (/** @type {string} */ k) => (steps[k] ? `${steps[k].p50} / ${steps[k].p99}` : '–');
          out.push(`| ${users(s.users)} | ${c} | ${cell('tt.login')} | ${cell('silent-login')} | ${cell('current-user')} |`);
        }
      }
    }
    out.push('');
  }

  const small = r.sizes[0]?.users;
  const large = r.sizes[r.sizes.length - 1]?.users;
  if (r.sizes.length > 1) {
    out.push(
      `### Cost per request at ${users(large)} users over ${users(small)} users`,
      '',
      `The rate at ${users(small)} divided by the rate at ${users(large)}: 1.00 means the store size costs nothing. ` +
        `The goal runs (c=${top} of the goal scenarios) are also shown in units of the ceiling taken in turns with them. ` +
        'These compare runs minutes apart, and the machine changes speed in between.',
      '',
      `| scenario | ${levels.map((c) => `c=${c}`).join(' | ')} | c=${top}, in units of the ceiling |`,
      `|---|${levels.map(() => '---:').join('|')}|---:|`,
      ...SCENARIOS.map(([name]) => `| ${name} | ${levels.map((c) => num(rawGrowth(r, name, c), 2)).join(' | ')} | ${at(r.sizes[0], name, top)?.ceiling ? num(acrossRuns(r, name, top), 2) : '–'} |`),
      '',
      ...sideBySide(r, top, small, large),
    );
  }

  out.push(
    '### Server CPU per iteration',
    '',
    'Milliseconds of CPU the server process spent per iteration (per flow for the login flow), on its event-loop thread and in all its threads (the thread pool hashes passwords and syncs the change log). Less disturbed by other load on the machine than the rates.',
    '',
    `| scenario | users | ${levels.map((c) => `c=${c} loop | all`).join(' | ')} |`,
    `|---|---:|${levels.map(() => '---:|---:').join('|')}|`,
    `| bare Hono | – | ${levels.map((c) => cpuCells(r.ceiling.before?.find((/** @type {Run} */ x) => x.concurrency === c))).join(' | ')} |`,
    ...SCENARIOS.flatMap(([name]) => r.sizes.map((/** @type {any} */ z) => `| ${name} | ${users(z.users)} | ${levels.map((c) => cpuCells(at(z, name, c))).join(' | ')} |`)),
    '',
  );

  if (r.scryptCost) {
    const x = r.scryptCost;
    out.push(
      `### Registration and password login with \`--scrypt-cost ${x.cost}\` (default 16), 1k users, c=${x.concurrency}`,
      '',
      'What a dearer password hash costs (the work of the former default, N = 1024 with r = 8): the hash then runs in the thread pool and bounds both.',
      '',
      '| scenario | req/s | p50 ms | p99 ms | × ceiling |',
      '|---|---:|---:|---:|---:|',
      ...['register', 'password-login'].map((k) => `| ${k} | ${cells(x[k])} | ${num((x[k]?.rate ?? NaN) / ceilingAt(r, x.concurrency), 2)}× |`),
      '',
    );
  }

  const s = r.startup;
  out.push(
    '### Start-up and memory',
    '',
    'Start-up is the time from spawning `tt-baas-mock start` to the first 200 from `/__mock/health` (median; every run listed).',
    '',
    '| | measured | runs |',
    '|---|---:|---|',
    `| start-up, empty store | ${s.emptyMs} ms | ${s.emptyRuns.map((/** @type {any} */ x) => x.ms).join(', ')} |`,
    `| start-up, ${users(s.users)} users | ${s.fullMs} ms | ${s.fullRuns.map((/** @type {any} */ x) => x.ms).join(', ')} |`,
    `| RSS right after start, ${users(s.users)} users | ${s.rssAfterStartMb} MB | |`,
    `| peak RSS, ${users(s.users)} users, start and one snapshot | ${s.peakRssWithSnapshotMb} MB | |`,
    ...r.sizes.map((/** @type {any} */ z) => `| peak RSS over the whole run at ${users(z.users)} users (plus their people, ${users(z.freshPeople)} fresh people and the users created) | ${z.peakRssMb} MB | |`),
    '',
  );
  return out.join('\n') + '\n';
}

/** How many mocks of a store a goal run's turns went round (one before they were counted). @param {any} r */
const lanes = (r) => r.settings?.goalLanes ?? 1;

/** How many turns the goal runs took (the most of any: a run whose input ran out stops early). @param {any} r @param {number} top */
const turnCount = (r, top) =>
  Math.max(0, ...r.sizes.flatMap((/** @type {any} */ s) => Object.values(s.scenarios).flat().filter((/** @type {any} */ x) => x.concurrency === top && x.ceiling).map((/** @type {any} */ x) => x.ceiling.turns.length)));

/** How many pairs the side-by-side goal runs took. @param {any} r @param {number} top */
const pairCount = (r, top) => Math.max(0, ...['silent-login', 'new-person', 'register'].map((name) => besideOf(r, name, top)?.pairs.length ?? 0));

/**
 * The goal runs at the largest size against mocks of the smallest store beside them, pair by pair:
 * what the 100k/1k goals read.
 * @param {any} r @param {number} top @param {number} small @param {number} large @returns {string[]}
 */
function sideBySide(r, top, small, large) {
  const rows = ['silent-login', 'new-person', 'register'].flatMap((name) => {
    const paired = besideOf(r, name, top);
    if (!paired) return [];
    const t = /** @type {{ rate: number, besideRate: number, ratio: number, cpuRatio: number }[]} */ (paired.pairs);
    const list = (/** @type {(x: typeof t[number]) => string} */ f) => t.map(f).join(' / ');
    return [
      `| ${name} | ${list((x) => Math.round(x.rate).toLocaleString('en'))} | ${list((x) => Math.round(x.besideRate).toLocaleString('en'))} | ${list((x) => pairText(x.ratio))} | ${num(paired.cpuRatio, 2)} | ${num(paired.ratio, 2)} |`,
    ];
  });
  if (!rows.length) return [];
  return [
    `Side by side, what the goals read: ${lanes(r)} mocks on copies of the ${users(small)} store run beside the ${lanes(r)} on the ${users(large)} one, started with them and warmed up alike (before a goal run's turns, each mock runs its scenario for a warm-up and a turn, unread), and each turn of a goal run at ${users(large)} (c=${top}) goes to the next such pair of mocks and is split in two halves, run in the order ${users(large)}, ${users(small)}, ${users(small)}, ${users(large)} and that pair's next turn the other way round: two pairs a turn, ${pairCount(r, top)} a run. ` +
      'Each pair reads as the rate at the small store over the rate at the large one, and the goal as the median of the pairs: both sides of a pair see the same second of the machine.',
    '',
    `| scenario, c=${top} | ${users(large)} in the pairs, req/s | ${users(small)} in the pairs, req/s | each pair, ${users(small)} over ${users(large)} | by the servers' CPU (median) | cost at ${users(large)} over ${users(small)} (median) |`,
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ];
}

/**
 * Goal runs whose turns, the highest and the lowest left out, read more than a fifth apart: the
 * machine changed speed through them, not in one stall, and even their median is less certain than
 * the others'.
 * @param {any} r @param {number} top @returns {string[]}
 */
function unsteady(r, top) {
  const found = ['silent-login', 'new-person', 'register'].flatMap((name) =>
    r.sizes.flatMap((/** @type {any} */ s) => {
      const b = at(s, name, top)?.ceiling;
      const ratios = b?.turns?.map((/** @type {{ ratio: number }} */ x) => x.ratio) ?? [];
      const middle = [...ratios].sort((x, y) => x - y).slice(1, -1);
      if (middle.length < 2 || Math.max(...middle) - Math.min(...middle) <= 0.2 * b.ratio) return [];
      return [`${name} at ${users(s.users)} (${ratios.map((/** @type {number} */ x) => x.toFixed(2)).join(', ')})`];
    }),
  );
  return found.length
    ? [`The turns of these runs read more than a fifth apart, the highest and the lowest left out: ${found.join('; ')}. The machine changed speed while they ran.`, '']
    : [];
}

/** @param {number} x @param {number} digits */
const num = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** @param {Run | undefined} run */
function cpuCells(run) {
  const cpu = run?.cpuPerIteration;
  return cpu ? `${cpu.mainMs.toFixed(3)} | ${cpu.processMs.toFixed(3)}` : '– | –';
}

/** @param {Run | undefined} run */
function cells(run) {
  if (!run) return '– | – | –';
  return `${Math.round(run.rate).toLocaleString('en')} | ${run.latency.p50.toFixed(2)} | ${run.latency.p99.toFixed(2)}`;
}
