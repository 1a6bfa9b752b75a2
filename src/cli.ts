import { Command, InvalidArgumentError, Option } from 'commander';
import { addFaultCommands, addFaultStartOptions, faultSetupFromFlags, type FaultFlags } from './cli-faults.js';
import { Logger } from './log.js';
import { defaultOptions, OptionsError, resolveOptions, type LogMode, type MockOptions } from './options.js';
import { startServer, StartError, type RunningMock } from './server.js';
import { StoreError } from './store/check-data.js';
import { readStoreFile } from './store/open.js';
import { VERSION } from './version.js';

const integer = (what: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${what} must be a whole number.`);
  return Number(value);
};

interface StartFlags {
  port: number;
  host: string;
  db: string;
  inMemory?: boolean;
  fixtures: string;
  reset?: boolean;
  import?: string;
  log: LogMode;
  codeTtl: number;
  sessionTtl: number;
  strictClients?: boolean;
  scryptCost: number;
  bodyLimit: number;
  controlToken?: string;
}

/** Turns `start` flags into the options `startServer` takes. */
export function startOptions(flags: StartFlags): MockOptions {
  return resolveOptions({
    port: flags.port,
    host: flags.host,
    db: flags.inMemory ? null : flags.db,
    fixtures: flags.fixtures,
    reset: !!flags.reset,
    importFile: flags.import ?? null,
    log: flags.log,
    codeTtlSeconds: flags.codeTtl,
    sessionTtlSeconds: flags.sessionTtl,
    strictClients: !!flags.strictClients,
    scryptCost: flags.scryptCost,
    bodyLimitBytes: flags.bodyLimit,
    controlToken: flags.controlToken ?? null,
  });
}

/** A command line the mock cannot run with; the message names the flag (and its env var). */
class UsageError extends Error {}

/** The `start` flag behind each option, to name it in errors. */
const flagOf: Partial<Record<keyof MockOptions, keyof StartFlags>> = {
  port: 'port',
  host: 'host',
  log: 'log',
  codeTtlSeconds: 'codeTtl',
  sessionTtlSeconds: 'sessionTtl',
  scryptCost: 'scryptCost',
  bodyLimitBytes: 'bodyLimit',
  controlToken: 'controlToken',
};

function describeFlag(cmd: Command, attribute: string): string {
  const option = cmd.options.find((o) => o.attributeName() === attribute);
  if (!option) return attribute;
  const flag = option.long ?? option.flags;
  return cmd.getOptionValueSource(attribute) === 'env' && option.envVar ? `${flag} (from ${option.envVar})` : flag;
}

/**
 * commander sets a boolean flag whenever its env var exists, whatever the value; TT_BAAS_MOCK_RESET=0
 * must not wipe a store, so the value is read here.
 */
function readBooleanEnv(cmd: Command, flags: StartFlags): StartFlags {
  const read = { ...flags };
  for (const attribute of ['inMemory', 'reset', 'strictClients'] as const) {
    const option = cmd.options.find((o) => o.attributeName() === attribute);
    if (!option?.envVar || cmd.getOptionValueSource(attribute) !== 'env') continue;
    const value = (process.env[option.envVar] ?? '').trim();
    if (/^(1|true|yes|on)$/i.test(value)) read[attribute] = true;
    else if (/^(0|false|no|off|)$/i.test(value)) read[attribute] = false;
    else throw new UsageError(`${option.envVar} must be true or false (1 or 0), got "${value}"`);
  }
  return read;
}

export function buildProgram(): Command {
  const program = new Command('tt-baas-mock')
    .description('A local ByteDance open platform and 知晓云 auth API for mini-program development and CI.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)');

  const env = (name: string) => `TT_BAAS_MOCK_${name}`;
  const start = program
    .command('start')
    .description('start the mock and serve until stopped (Ctrl-C)')
    .addOption(new Option('-p, --port <number>', 'port to listen on; 0 picks a free one').default(defaultOptions.port).env(env('PORT')).argParser(integer('port')))
    .addOption(new Option('--host <address>', 'address to bind').default(defaultOptions.host).env(env('HOST')))
    .addOption(new Option('--db <file>', 'JSON store file').default(defaultOptions.db).env(env('DB')))
    .addOption(new Option('--in-memory', 'keep everything in memory; nothing is written').env(env('IN_MEMORY')))
    .addOption(new Option('--fixtures <file>', 'fixtures a new or reset store starts from').default(defaultOptions.fixtures, 'the shipped fixtures/default.json').env(env('FIXTURES')))
    .addOption(new Option('--reset', 'start from the fixtures again, discarding the store file').env(env('RESET')))
    .addOption(new Option('--import <file>', 'start from a snapshot made by `export`').env(env('IMPORT')))
    .addOption(new Option('--log <mode>', 'request log').choices(['pretty', 'json', 'quiet']).default(defaultOptions.log).env(env('LOG')))
    .addOption(new Option('--code-ttl <seconds>', 'lifetime of tt.login codes').default(defaultOptions.codeTtlSeconds).env(env('CODE_TTL')).argParser(integer('code TTL')))
    .addOption(new Option('--session-ttl <seconds>', 'expires_in of 知晓云 sessions').default(defaultOptions.sessionTtlSeconds).env(env('SESSION_TTL')).argParser(integer('session TTL')))
    .addOption(new Option('--strict-clients', 'refuse client IDs that are not in the store').env(env('STRICT_CLIENTS')))
    .addOption(new Option('--scrypt-cost <N>', 'scrypt N for new password hashes (a power of two; r = 1, p = 1)').default(defaultOptions.scryptCost).env(env('SCRYPT_COST')).argParser(integer('scrypt cost')))
    .addOption(new Option('--body-limit <bytes>', 'largest request body; larger ones get 413').default(defaultOptions.bodyLimitBytes).env(env('BODY_LIMIT')).argParser(integer('body limit')))
    .addOption(new Option('--control-token <token>', 'admit control API callers with Authorization: Bearer <token> (and only them); default: this machine only').env(env('CONTROL_TOKEN')));
  addFaultStartOptions(start).action(async (flags: StartFlags & FaultFlags, cmd: Command) => {
      let options: MockOptions;
      try {
        options = startOptions(readBooleanEnv(cmd, flags));
      } catch (err) {
        if (!(err instanceof OptionsError)) throw err;
        const attribute = flagOf[err.option];
        throw new UsageError(`${attribute ? describeFlag(cmd, attribute) : err.option} ${err.problem}`);
      }
      const log = new Logger(options.log);
      const signal = stopSignal();
      const mock = await startServer(options, log, faultSetupFromFlags(flags));
      announce(mock, log);
      void stopOn(signal, mock, log);
    });

  addFaultCommands(program);

  program
    .command('export')
    .description('print the store (users, sessions, fixtures) as JSON, for `start --import`')
    .addOption(new Option('--db <file>', 'JSON store file').default(defaultOptions.db).env(env('DB')))
    .action((flags: { db: string }) => {
      process.stdout.write(JSON.stringify(readStoreFile(flags.db), null, 2) + '\n');
    });

  return program;
}

function announce(mock: RunningMock, log: Logger): void {
  const store = mock.store.file ?? 'in memory';
  const demo = mock.demo ? ` · client ID ${mock.demo.clientId} · appid ${mock.demo.appid}` : '';
  if (log.mode === 'json') {
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), type: 'listening', url: mock.url, store, ...mock.demo }) + '\n');
  } else {
    process.stdout.write(`tt-baas-mock ${VERSION} listening on ${mock.url} · store ${store}${demo}\n`);
  }
}

/**
 * Resolves with the first SIGINT or SIGTERM. Listening starts before the mock does: a signal sent the
 * moment the start line is read must not find the default handler, which kills without a snapshot.
 */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

async function stopOn(signal: Promise<NodeJS.Signals>, mock: RunningMock, log: Logger): Promise<void> {
  const name = await signal;
  // A second signal stops at once: every answered change is already in the change log, which the
  // next start replays; only the snapshot and the lock are left behind.
  for (const s of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(s);
    process.once(s, () => {
      log.error(`${s}: stopping now, without writing the snapshot`);
      process.exit(1);
    });
  }
  log.info(`${name}: stopping, writing the store…`);
  try {
    await mock.close();
  } catch (err) {
    log.error('could not stop cleanly', err);
    process.exit(1);
  }
  process.exit(0);
}

/** The command line: `tt-baas-mock <command> [flags]`. Prints a one-line error and exits 1 on failure. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof StartError || err instanceof StoreError) {
      process.stderr.write(`tt-baas-mock: ${sentence(err.message)}${err.hint ? ` ${err.hint}` : ''}\n`);
    } else if (err instanceof UsageError || err instanceof OptionsError) {
      process.stderr.write(`tt-baas-mock: ${err.message}\n(run with --help for usage)\n`);
    } else {
      process.stderr.write(`tt-baas-mock: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  }
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
