import { Command, InvalidArgumentError, Option } from 'commander';
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
  });
}

export function buildProgram(): Command {
  const program = new Command('tt-baas-mock')
    .description('A local ByteDance open platform and 知晓云 auth API for mini-program development and CI.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)');

  const env = (name: string) => `TT_BAAS_MOCK_${name}`;
  program
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
    .addOption(new Option('--scrypt-cost <N>', 'scrypt cost for new password hashes (a power of two)').default(defaultOptions.scryptCost).env(env('SCRYPT_COST')).argParser(integer('scrypt cost')))
    .addOption(new Option('--body-limit <bytes>', 'largest request body; larger ones get 413').default(defaultOptions.bodyLimitBytes).env(env('BODY_LIMIT')).argParser(integer('body limit')))
    .action(async (flags: StartFlags) => {
      const options = startOptions(flags);
      const log = new Logger(options.log);
      const mock = await startServer(options, log);
      announce(mock, log);
      stopOnSignals(mock, log);
    });

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

function stopOnSignals(mock: RunningMock, log: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping, writing the store…`);
    mock.close().then(
      () => process.exit(0),
      (err) => {
        log.error('could not stop cleanly', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** The command line: `tt-baas-mock <command> [flags]`. Prints a one-line error and exits 1 on failure. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof StartError || err instanceof StoreError) {
      process.stderr.write(`tt-baas-mock: ${err.message}\n${err.hint ? `  ${err.hint}\n` : ''}`);
    } else if (err instanceof OptionsError) {
      process.stderr.write(`tt-baas-mock: ${err.message}\n`);
    } else {
      process.stderr.write(`tt-baas-mock: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  }
}
