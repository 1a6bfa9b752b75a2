import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Low, Memory } from 'lowdb';
import { checkData, StoreError } from './check-data.js';
import { Journal, listSegments, readSegment, writeFileDurably } from './journal.js';
import type { Data } from './schema.js';
import { SnapshotFile } from './snapshot-file.js';
import { applyOp, Store } from './store.js';

export interface OpenStoreOptions {
  /** The JSON snapshot file; null keeps everything in memory. */
  file: string | null;
  /** The document a new (or reset) store starts from: the fixtures. */
  seed: Data;
  /** Start from the seed again, discarding what the file holds. */
  reset?: boolean;
  /** Start from this document (a snapshot made by `export`) instead. */
  importData?: Data;
  /** Fold the change log into the snapshot once it grows past this many bytes. */
  compactAfterBytes?: number;
  /** …or once no change has come for this long. */
  compactIdleMs?: number;
  onError?: (err: unknown) => void;
}

/** Opens the store: reads the snapshot, replays the change log after it, builds the indexes. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const tuning = {
    compactAfterBytes: options.compactAfterBytes ?? 16 * 1024 * 1024,
    compactIdleMs: options.compactIdleMs ?? 1000,
    onError: options.onError,
  };
  const start = options.importData ?? options.seed;
  if (options.file === null) {
    return new Store(new Low(new Memory<Data>(), structuredClone(start)), null, null, tuning);
  }

  const file = resolve(options.file);
  mkdirSync(dirname(file), { recursive: true });
  const releaseLock = acquireLock(file);
  try {
    const snapshot = new SnapshotFile(file);
    const segments = listSegments(file);
    let data: Data;
    if (options.reset || options.importData) {
      data = structuredClone(start);
      await snapshot.write(data);
      for (const s of segments) unlinkSync(s.path);
    } else {
      const stored = snapshot.readSync();
      data = stored ?? structuredClone(start);
      if (segments.length > 0) {
        for (const s of segments) for (const change of readSegment(s.path)) for (const op of change) applyOp(data as never, op);
        data = checkData(data);
      }
      if (!stored || segments.length > 0) {
        await snapshot.write(data);
        for (const s of segments) unlinkSync(s.path);
      }
    }
    const nextSeq = (segments.at(-1)?.seq ?? 0) + 1;
    const journal = new Journal(file, nextSeq);
    return new Store(new Low(snapshot, data), journal, snapshot, { ...tuning, release: releaseLock });
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/**
 * Two mocks writing one store would interleave their logs, so the second one is refused. A lock left by
 * a process that no longer runs (killed with SIGKILL) is taken over.
 */
function acquireLock(file: string): () => void {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileDurably(lock, String(process.pid), 'wx');
      return () => {
        try {
          unlinkSync(lock);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) {
        throw new StoreError(
          `the store file ${file} is in use by another tt-baas-mock (process ${pid})`,
          'Stop that process, or give this one its own store with --db <file> or --in-memory.',
        );
      }
      unlinkSync(lock);
    }
  }
  throw new StoreError(`could not lock the store file ${file}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Reads a store as it stands (snapshot plus change log) without locking or writing it, so `export`
 * works beside a running mock.
 */
export function readStoreFile(file: string): Data {
  const path = resolve(file);
  const data = new SnapshotFile(path).readSync();
  if (!data) throw new StoreError(`there is no store at ${path}`, 'Start the mock once to create it, or name another file with --db.');
  for (const s of listSegments(path)) for (const change of readSegment(s.path)) for (const op of change) applyOp(data as never, op);
  return checkData(data);
}

/** Reads and checks a fixtures or snapshot file; the error names the file and what is wrong. */
export function readDataFile(file: string, what: string): Data {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new StoreError(`cannot read the ${what} file ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return checkData(JSON.parse(text));
  } catch (err) {
    throw new StoreError(`the ${what} file ${file} is not usable: ${(err as Error).message}`);
  }
}
