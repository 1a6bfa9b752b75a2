import { parseArgs } from 'node:util';

/**
 * @typedef {object} BenchOptions
 * @property {'default' | 'quick'} mode
 * @property {number[]} sizes users already in the store
 * @property {number[]} levels every concurrency level measured
 * @property {Record<string, number[]>} scenarioLevels the levels of each scenario
 * @property {number} warmupMs
 * @property {number} durationMs
 * @property {number} goalTurns
 * @property {number} goalLanes the mocks of one store a goal run's turns go round
 * @property {number} startRepeats start-up timings per store (the median is reported)
 * @property {string | null} cpuProf directory for CPU profiles of the mock processes, or null
 * @property {boolean} write write bench/results.json and BENCHMARKS.md
 */

const USAGE = `usage: npm run bench [-- --quick] [--duration <s>] [--warmup <s>] [--sizes 1000,100000] [--levels 1,10,50]
                      [--lanes <n>] [--cpu-prof <dir>] [--no-write]
  default: 1,000 / 10,000 / 100,000 users at concurrency 1, 10 and 50 (under 3 minutes on 2 cores)
  --quick: 1,000 and 100,000 users; silent login at concurrency 10 and 50, the rest at 50 (under 1 minute)
  --lanes: the new mocks of a store that each goal run's turns go round (default 2)`;

/** @param {string[]} argv @returns {BenchOptions} */
export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      sizes: { type: 'string' },
      levels: { type: 'string' },
      lanes: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const quick = values.quick === true;
  const levels = values.levels ? numbers(values.levels, 'levels') : quick ? [10, 50] : [1, 10, 50];
  // Quick runs keep what the goals need: silent login at 10 and 50, everything else at the top level.
  const top = [Math.max(...levels)];
  const scenarioLevels = Object.fromEntries(
    ['login-flow', 'silent-login', 'password-login', 'new-person', 'register'].map((name) => [name, quick && !values.levels && name !== 'silent-login' ? top : levels]),
  );
  return {
    mode: quick ? 'quick' : 'default',
    sizes: values.sizes ? numbers(values.sizes, 'sizes') : quick ? [1000, 100_000] : [1000, 10_000, 100_000],
    levels,
    scenarioLevels,
    // The goal runs at the largest size take turns with a mock of the smallest store beside: shorter
    // warm-ups, and shorter quick runs, keep the run in its time.
    warmupMs: seconds(values.warmup, quick ? 0.25 : 0.3, 'warmup') * 1000,
    durationMs: seconds(values.duration, quick ? 0.8 : 1.2, 'duration') * 1000,
    // A goal run's turns, each a sixth of a run's duration long: twice a run's duration in all, where a
    // quick run has time for one and a third. A whole number of turns for each lane in both orders.
    goalTurns: quick ? 8 : 12,
    // Fresh processes on identical stores differ, now and then one by a fifth for as long as it runs:
    // with two, one such process moves half the turns and pairs, not all. Three took a full run to
    // 173 s, and left each mock idle for over a second between its turns, long enough for the store
    // to fold its log in while another mock was being measured.
    goalLanes: values.lanes ? count(values.lanes, 'lanes') : 2,
    startRepeats: quick ? 1 : 3,
    cpuProf: values['cpu-prof'] ?? null,
    write: !values['no-write'],
  };
}

/** @param {string} text @param {string} what */
function numbers(text, what) {
  const list = text.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isSafeInteger(n) || n < 1)) usage(`--${what} takes whole numbers separated by commas`);
  return list;
}

/** @param {string} text @param {string} what */
function count(text, what) {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1 || n > 8) usage(`--${what} takes a whole number from 1 to 8`);
  return n;
}

/** @param {string | undefined} text @param {number} fallback @param {string} what */
function seconds(text, fallback, what) {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!(n > 0 && n <= 60)) usage(`--${what} takes seconds (0 < s <= 60)`);
  return n;
}

/** @param {string} message @returns {never} */
function usage(message) {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}
