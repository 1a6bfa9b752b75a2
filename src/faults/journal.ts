/** The fault that changed a request's answer. */
export interface FiredFault {
  /** The rule's id, or `header` for an X-Mock-Fault header. */
  rule: string;
  effect: string | Record<string, unknown>;
  /** Set when a code2session rule fired inside a 知晓云 login endpoint. */
  via?: string;
}

/** One request as the mock saw it. */
export interface JournalEntry {
  seq: number;
  /** ISO time on the mock's clock (it moves with POST /__mock/clock). */
  time: string;
  operation: string | null;
  method: string;
  path: string;
  client_id: string | null;
  person: string | null;
  openid: string | null;
  /** HTTP status sent; null when the fault left the request without an answer (timeout, reset). */
  status: number | null;
  fault: FiredFault | null;
  duration_ms: number;
}

export interface JournalFilter {
  operation?: string | undefined;
  clientId?: string | undefined;
  /** An exact status (`404`), a class (`4xx`), or `none` for requests that got no answer. */
  status?: string | undefined;
  limit?: number | undefined;
}

export const DEFAULT_JOURNAL_SIZE = 1000;

/** What a request adds: the time as milliseconds on the mock's clock, formatted only when read. */
export type JournalRecord = Omit<JournalEntry, 'seq' | 'time'> & { time: number };
type Stored = JournalRecord & { seq: number };

/** The last requests, in a ring of fixed size: memory stays bounded however long the mock runs. */
export class Journal {
  // Every request is recorded and few are read: entries are kept as given and shaped when listed.
  #ring: (Stored | undefined)[];
  #next = 0;
  #seq = 0;

  constructor(readonly capacity = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('journal capacity must be a whole number of at least 1');
    this.#ring = new Array(capacity);
  }

  /** Keeps `entry` itself, numbered: the caller hands it over and must not change it afterwards. */
  record(entry: JournalRecord): void {
    (entry as Stored).seq = ++this.#seq;
    this.#ring[this.#next] = entry as Stored;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Newest first. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const status = statusTest(filter.status);
    const out: JournalEntry[] = [];
    for (let i = 1; i <= this.capacity; i++) {
      const e = this.#ring[(this.#next - i + this.capacity) % this.capacity];
      if (!e) break;
      if (filter.operation !== undefined && e.operation !== filter.operation) continue;
      if (filter.clientId !== undefined && e.client_id !== filter.clientId) continue;
      if (!status(e.status)) continue;
      out.push(shown(e));
      if (filter.limit !== undefined && out.length >= filter.limit) break;
    }
    return out;
  }

  /** Empties the journal, or drops one client's entries. */
  clear(clientId?: string): number {
    const all = this.#ring.filter((e): e is Stored => e !== undefined).sort((a, b) => a.seq - b.seq);
    const kept = clientId === undefined ? [] : all.filter((e) => e.client_id !== clientId);
    const removed = all.length - kept.length;
    this.#ring = new Array(this.capacity);
    this.#next = 0;
    for (const e of kept) {
      this.#ring[this.#next] = e;
      this.#next = (this.#next + 1) % this.capacity;
    }
    return removed;
  }
}

const shown = (e: Stored): JournalEntry => ({
  seq: e.seq,
  time: new Date(e.time).toISOString(),
  operation: e.operation,
  method: e.method,
  path: e.path,
  client_id: e.client_id,
  person: e.person,
  openid: e.openid,
  status: e.status,
  fault: e.fault,
  duration_ms: e.duration_ms,
});

/** Checks a status filter's spelling; throws a RangeError naming what is accepted. */
export function statusTest(spec: string | undefined): (status: number | null) => boolean {
  if (spec === undefined || spec === '') return () => true;
  if (spec === 'none') return (s) => s === null;
  if (/^\d{3}$/.test(spec)) return (s) => s === Number(spec);
  if (/^[1-9]xx$/i.test(spec)) return (s) => s !== null && Math.floor(s / 100) === Number(spec[0]);
  throw new RangeError(`status: "${spec}" is not a status (404), a class (4xx) or none`);
}
