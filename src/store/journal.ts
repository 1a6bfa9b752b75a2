import { closeSync, fdatasyncSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
    return this.#pending?.promise ?? this.#writing?.promise ?? Promise.resolve();
  }

  async #run(): Promise<void> {
    // Let every change made in this turn join the batch.
    await new Promise((r) => setImmediate(r));
    while (this.#pending) {
      const batch = (this.#writing = this.#pending);
      this.#pending = null;
      try {
        this.#fh ??= await open(this.path, 'a');
        await this.#fh.write(batch.lines.join('\n') + '\n');
        await this.#fh.datasync();
        batch.resolve();
      } catch (err) {
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
    try {
      changes.push(JSON.parse(line) as Op[]);
    } catch {
      const isLast = lines.slice(i + 1).every((l) => l === '');
      if (isLast) break;
      throw new Error(`change log ${path} is damaged at line ${i + 1}`);
    }
  }
  return changes;
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
    if (this.#retired.size === 0) return this.#current.flushed();
    return Promise.all([...this.#retired].map((s) => s.flushed()).concat(this.#current.flushed())).then(() => {});
  }

  get bytes(): number {
    return this.#current.bytes;
  }

  get empty(): boolean {
    return this.#current.empty;
  }

  /**
   * Starts a new segment and returns a function that deletes the old one. Call it in the same
   * synchronous step that serialises the snapshot, and call the returned function once that snapshot is
   * on disk: every change is then either in the snapshot or in a newer segment.
   */
  rotate(): () => Promise<void> {
    const old = this.#current;
    this.#current = this.#segment(old.seq + 1);
    this.#retired.add(old);
    return async () => {
      await old.close();
      this.#retired.delete(old);
      try {
        unlinkSync(old.path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#retired].map((s) => s.close()));
    await this.#current.close();
  }
}

/** Durable small write used for the lock file and tests: write, fdatasync, close. */
export function writeFileDurably(path: string, text: string, flags = 'w'): void {
  const fd = openSync(path, flags);
  try {
    writeSync(fd, text);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
