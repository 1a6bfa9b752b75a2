import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StoreError } from './check-data.js';
import { syncDir } from './durable.js';

/**
 * An append-only change log beside the JSON snapshot. Each line is one change (a JSON array of ops);
 * changes appended in the same turn of the event loop are written and fdatasync'ed together (group
 * commit), and a caller is answered only once its batch is on disk. The snapshot folds the log in
 * later, so an acknowledged change costs time in proportion to the change, not to the store.
 */
export type Op = { o: 's'; p: string[]; v: unknown } | { o: 'd'; p: string[] };

interface Batch {
  lines: string[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody awaits must not become an unhandled rejection; its waiters still see the error.
  promise.catch(() => {});
  return { lines: [], promise, resolve, reject };
}

/** One log file. Segments are numbered; a snapshot makes every earlier segment obsolete. */
class Segment {
  #fh: FileHandle | null = null;
  #pending: Batch | null = null;
  #writing: Batch | null = null;
  #drain: Promise<void> | null = null;
  /** Length of the file up to the last batch that is on disk. */
  #durable = 0;
  bytes = 0;

  constructor(readonly path: string, readonly seq: number) {}

  append(line: string): void {
    if (!this.#pending) this.#pending = newBatch();
    this.#pending.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
    this.#drain ??= this.#run();
  }

  get empty(): boolean {
    return this.bytes === 0;
  }

  flushed(): Promise<void> {
    return this.unflushed() ?? Promise.resolve();
  }

  /** What resolves once the lines appended so far are on disk, or null when they already are. */
  unflushed(): Promise<void> | null {
    return this.#pending?.promise ?? this.#writing?.promise ?? null;
  }

  async #run(): Promise<void> {
    // Let every change made in this turn join the batch.
    await new Promise((r) => setImmediate(r));
    while (this.#pending) {
      const batch = (this.#writing = this.#pending);
      this.#pending = null;
      const text = batch.lines.join('\n') + '\n';
      try {
        this.#fh ??= await open(this.path, 'a');
        await this.#fh.write(text);
        await this.#fh.datasync();
        // A new file is only found after a crash once its directory entry is on disk too.
        if (this.#durable === 0) syncDir(dirname(this.path));
        this.#durable += Buffer.byteLength(text);
        batch.resolve();
      } catch (err) {
        // A partly written batch would sit in the middle of the log once the next one lands, and a
        // damaged middle line makes the whole log unreadable: cut it off.
        await this.#fh?.truncate(this.#durable).catch(() => {});
        batch.reject(err);
      }
      this.#writing = null;
    }
    this.#drain = null;
  }

  async close(): Promise<void> {
    await this.flushed().catch(() => {});
    await this.#drain;
    await this.#fh?.close();
    this.#fh = null;
  }
}

const segmentPattern = (base: string) => new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.wal\\.(\\d+)$`);

/** The change-log segments that exist beside a snapshot file, oldest first. */
export function listSegments(snapshotPath: string): { path: string; seq: number }[] {
  const dir = dirname(snapshotPath);
  const re = segmentPattern(basename(snapshotPath));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => ({ m: re.exec(n), n }))
    .filter((x) => x.m)
    .map((x) => ({ path: join(dir, x.n), seq: Number(x.m![1]) }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Reads the changes of one segment. A torn last line (the process died mid-write) was never
 * acknowledged, so it is dropped; a broken line before the end means the log is damaged.
 */
export function readSegment(path: string): Op[][] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const changes: Op[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    let change: unknown;
    try {
      change = JSON.parse(line);
    } catch {
      if (lines.slice(i + 1).every((l) => l === '')) break;
      throw damaged(path, i + 1);
    }
    if (!isChange(change)) throw damaged(path, i + 1);
    changes.push(change);
  }
  return changes;
}

const damaged = (path: string, line: number) =>
  new StoreError(
    `the change log ${path} is damaged at line ${line}`,
    'It was left untouched. It holds changes not yet in the snapshot: move it aside to start without them, or start from the fixtures with --reset.',
  );

function isChange(value: unknown): value is Op[] {
  return (
    Array.isArray(value) &&
    value.every(
      (op: unknown) =>
        typeof op === 'object' &&
        op !== null &&
        Array.isArray((op as Op).p) &&
        (op as Op).p.every((part) => typeof part === 'string') &&
        ((op as Op).o === 'd' || ((op as Op).o === 's' && 'v' in op)),
    )
  );
}

export class Journal {
  #current: Segment;
  #retired = new Set<Segment>();

  constructor(private readonly snapshotPath: string, nextSeq: number) {
    this.#current = this.#segment(nextSeq);
  }

  #segment(seq: number): Segment {
    return new Segment(`${this.snapshotPath}.wal.${seq}`, seq);
  }

  append(ops: Op[]): void {
    this.#current.append(JSON.stringify(ops));
  }

  /** Resolves when every change appended so far is on disk. */
  flushed(): Promise<void> {
    return this.unflushed() ?? Promise.resolve();
  }

  /** Like flushed(), but null when every change is already on disk, so callers can skip the wait. */
  unflushed(): Promise<void> | null {
    if (this.#retired.size === 0) return this.#current.unflushed();
    return Promise.all([...this.#retired].map((s) => s.flushed()).concat(this.#current.flushed())).then(() => {});
  }

  get bytes(): number {
    return this.#current.bytes;
  }

  get empty(): boolean {
    return this.#current.empty;
  }

  /**
   * Starts a new segment and returns a function that deletes the older ones. Call it in the same
   * synchronous step that serialises the snapshot, and call the returned function once that snapshot is
   * on disk: every change is then either in the snapshot or in a newer segment. Segments kept by a
   * compaction that failed go too: the snapshot holds them, and replaying one over it would undo what
   * later segments changed.
   */
  rotate(): () => Promise<void> {
    const old = this.#current;
    this.#current = this.#segment(old.seq + 1);
    this.#retired.add(old);
    return async () => {
      const covered = [...this.#retired].filter((s) => s.seq <= old.seq);
      for (const segment of covered) {
        await segment.close();
        try {
          unlinkSync(segment.path);
        } catch (err) {
          // Kept in the list, so the next snapshot tries again.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
        this.#retired.delete(segment);
      }
      syncDir(dirname(this.snapshotPath));
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#retired].map((s) => s.close()));
    await this.#current.close();
  }
}
