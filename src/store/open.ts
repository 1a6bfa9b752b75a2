import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Low, Memory } from 'lowdb';
import { checkData, StoreError } from './check-data.js';
import { syncDir, writeFileDurably } from './durable.js';
import { Journal, listSegments, readSegment } from './journal.js';
import type { Data, StoredData } from './schema.js';
import { isRecordTable } from './record-table.js';
import { SnapshotFile } from './snapshot-file.js';
import { isLarge } from './snapshot-writer.js';
import { readJsonDocument } from './snapshot-lines.js';
import { applyOp, Store, withTokenSecret } from './store.js';
import { plainDocument } from './stored-data.js';

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
  /** …where the snapshot is this size or less (1 MiB by default), or the log a quarter of it (store.ts). */
  compactIdleAlwaysUpToBytes?: number;
  onError?: (err: unknown) => void;
}

/** Opens the store: reads the snapshot, replays the change log after it, builds the indexes. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const tuning = {
    compactAfterBytes: options.compactAfterBytes ?? 16 * 1024 * 1024,
    compactIdleMs: options.compactIdleMs ?? 1000,
    compactIdleAlwaysUpToBytes: options.compactIdleAlwaysUpToBytes ?? 1024 * 1024,
    onError: options.onError,
  };
  const start = options.importData ?? options.seed;
  if (options.file === null) {
    const data = structuredClone(start);
    withTokenSecret(data);
    return new Store(new Low(new Memory<StoredData>(), data as unknown as StoredData), null, null, tuning);
  }

  const file = resolve(options.file);
  mkdirSync(dirname(file), { recursive: true });
  const releaseLock = acquireLock(file);
  try {
    removeSnapshotTemps(file);
    const snapshot = new SnapshotFile(file);
    const segments = listSegments(file);
    let data: Data | StoredData;
    if (options.reset || options.importData) {
      data = structuredClone(start);
      withTokenSecret(data);
      await snapshot.write(data);
      removeSegments(file, segments);
    } else {
      const stored = snapshot.load();
      data = stored ?? structuredClone(start);
      if (segments.length > 0) data = checkData(replay(data, segments.map((s) => s.path)), { unique: false });
      // The secret is on disk before any token is signed with it, or a restart would void every session.
      const addedSecret = withTokenSecret(data);
      if (!stored || segments.length > 0 || addedSecret || readInFull(stored)) {
        await snapshot.write(data);
        removeSegments(file, segments);
      }
    }
    const nextSeq = (segments.at(-1)?.seq ?? 0) + 1;
    const journal = new Journal(file, nextSeq);
    return new Store(new Low(snapshot, data as StoredData), journal, snapshot, { ...tuning, release: releaseLock });
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/**
 * Whether a large snapshot had a tenant read and parsed in full (no digest, or one that no longer
 * matches: a file from before digests, or edited by hand). Writing it again now gives it digests, so
 * the next start keeps its records as text instead of parsing them all again.
 */
function readInFull(data: StoredData): boolean {
  if (!isLarge(data)) return false;
  // The reader hands on the records of such a tenant as a plain object; those it keeps as text, as a table.
  return Object.values(data.tenants).some((t) => !isRecordTable(t.users) && Object.keys(t.users).length > 0);
}

/** Store files this process has locked: its own pid in a lock file means nothing about those. */
const heldLocks = new Set<string>();

/**
 * Two mocks writing one store would interleave their logs, so the second one is refused. A lock left by
 * a process that no longer runs (killed with SIGKILL) is taken over, and so is one with this process's
 * own pid that this process does not hold: a restarted container often reuses the pid of the last run.
 */
function acquireLock(file: string): () => void {
  const lock = `${file}.lock`;
  const inUse = (pid: number) =>
    new StoreError(
      `the store file ${file} is in use by another tt-baas-mock (process ${pid})`,
      'Stop that process, or give this one its own store with --db <file> or --in-memory.',
    );
  if (heldLocks.has(lock)) throw inUse(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileDurably(lock, String(process.pid), 'wx');
      heldLocks.add(lock);
      return () => {
        heldLocks.delete(lock);
        try {
          unlinkSync(lock);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readLock(lock));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) throw inUse(pid);
      try {
        unlinkSync(lock);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  throw new StoreError(`could not lock the store file ${file}`, 'Another process keeps creating its lock file; stop it or use another --db.');
}

function readLock(lock: string): string {
  try {
    return readFileSync(lock, 'utf8').trim();
  } catch {
    return '';
  }
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
 * works beside a running mock. A compaction there may delete a segment between listing and reading it;
 * the snapshot then holds it, and the read starts over.
 */
export function readStoreFile(file: string): Data {
  const path = resolve(file);
  for (let attempt = 0; ; attempt++) {
    const segments = listSegments(path).map((s) => s.path);
    const data = new SnapshotFile(path).load();
    if (!data) throw new StoreError(`there is no store at ${path}`, 'Start the mock once to create it, or name another file with --db.');
    try {
      return plainDocument(checkData(replay(data, segments), { unique: false }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 10) throw err;
    }
  }
}

/** Applies the change-log segments, oldest first, to a snapshot. */
function replay<T extends object>(data: T, segments: string[]): T {
  let doc = data;
  for (const path of segments) for (const change of readSegment(path)) for (const op of change) doc = applyOp(doc, op);
  return doc;
}

/**
 * A process killed while writing the snapshot leaves its temp file behind, as large as the store; under
 * the lock no one else can be writing one, so every such file is a leftover.
 */
function removeSnapshotTemps(file: string): void {
  const prefix = `.${basename(file)}.`;
  for (const name of readdirSync(dirname(file))) {
    if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) unlinkSync(join(dirname(file), name));
  }
}

function removeSegments(file: string, segments: { path: string }[]): void {
  for (const s of segments) unlinkSync(s.path);
  if (segments.length > 0) syncDir(dirname(file));
}

/** Reads and checks a fixtures or snapshot file; the error names the file and what is wrong. */
export function readDataFile(file: string, what: string): Data {
  let value: unknown;
  try {
    value = readJsonDocument(file);
  } catch (err) {
    if (err instanceof SyntaxError) throw new StoreError(`the ${what} file ${file} is not usable: ${err.message}`);
    throw new StoreError(`cannot read the ${what} file ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return checkData(value);
  } catch (err) {
    throw new StoreError(`the ${what} file ${file} is not usable: ${(err as Error).message}`);
  }
}
