import { fileURLToPath } from 'node:url';
import type { Clock } from './clock.js';
import { DEFAULT_SCRYPT_COST } from './baas/passwords.js';

export type LogMode = 'pretty' | 'json' | 'quiet';

/** Everything that shapes a mock. The CLI and `startMock()` both produce this; defaults live only here. */
export interface MockOptions {
  /** TCP port; 0 picks a free one. @default 8787 (CLI), 0 (startMock) */
  port: number;
  /** Interface to bind. @default '127.0.0.1' */
  host: string;
  /** The JSON store file, or null to keep everything in memory. @default '.tt-baas-mock/db.json' (CLI) */
  db: string | null;
  /** The fixtures a new or reset store starts from. @default the shipped fixtures/default.json */
  fixtures: string;
  /** Start from the fixtures again, discarding the store file's content. */
  reset: boolean;
  /** Start from this snapshot (made by `export`) instead of the store file. */
  importFile: string | null;
  log: LogMode;
  /** How long a `tt.login` code stays valid. @default 300 */
  codeTtlSeconds: number;
  /** `expires_in` of a 知晓云 session. @default 2592000 (30 days) */
  sessionTtlSeconds: number;
  /** Refuse client IDs that are not in the store instead of giving each its own namespace. */
  strictClients: boolean;
  /** scrypt N for new password hashes. */
  scryptCost: number;
  /** Largest request body accepted, in bytes; larger ones get 413. @default 1 MiB */
  bodyLimitBytes: number;
  /**
   * When set, the control API and dashboard admit any caller with `Authorization: Bearer <token>` and
   * no one else, loopback included. When null, only callers on this machine.
   */
  controlToken: string | null;
  /** The clock every expiry reads; tests pass their own. */
  clock: Clock | null;
}

export const DEFAULT_FIXTURES = fileURLToPath(new URL('../fixtures/default.json', import.meta.url));
export const DEFAULT_DB = '.tt-baas-mock/db.json';
export const DEFAULT_PORT = 8787;

export const defaultOptions: MockOptions = {
  port: DEFAULT_PORT,
  host: '127.0.0.1',
  db: DEFAULT_DB,
  fixtures: DEFAULT_FIXTURES,
  reset: false,
  importFile: null,
  log: 'pretty',
  codeTtlSeconds: 300,
  sessionTtlSeconds: 30 * 24 * 3600,
  strictClients: false,
  scryptCost: DEFAULT_SCRYPT_COST,
  bodyLimitBytes: 1024 * 1024,
  controlToken: null,
  clock: null,
};

/** An option with a value the mock cannot use; the message names the option. */
export class OptionsError extends Error {
  constructor(readonly option: keyof MockOptions, readonly problem: string) {
    super(`${option} ${problem}`);
  }
}

/** Fills in defaults and checks values; throws an OptionsError whose message names the bad option. */
export function resolveOptions(partial: Partial<MockOptions>, base: MockOptions = defaultOptions): MockOptions {
  const o: MockOptions = { ...base, ...stripUndefined(partial) };
  const int = (name: keyof MockOptions, min: number, max: number) => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new OptionsError(name, `must be a whole number from ${min} to ${max}, got ${String(v)}`);
    }
  };
  int('port', 0, 65535);
  int('codeTtlSeconds', 1, 24 * 3600);
  int('sessionTtlSeconds', 31, 365 * 24 * 3600);
  int('bodyLimitBytes', 1024, 256 * 1024 * 1024);
  if (!Number.isInteger(o.scryptCost) || o.scryptCost < 2 || (o.scryptCost & (o.scryptCost - 1)) !== 0 || o.scryptCost > 2 ** 20) {
    throw new OptionsError('scryptCost', `must be a power of two from 2 to 1048576, got ${o.scryptCost}`);
  }
  if (!['pretty', 'json', 'quiet'].includes(o.log)) throw new OptionsError('log', `must be pretty, json or quiet, got ${o.log}`);
  if (o.controlToken !== null && o.controlToken.length < 8) throw new OptionsError('controlToken', 'must be at least 8 characters');
  if (!o.host) throw new OptionsError('host', 'must not be empty');
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
