import { textOf, type TextEncoding } from './bytes-text.js';

/**
 * One collection of records keyed by id (a tenant's users or password hashes), as the store holds it.
 * A record read from a large snapshot stays as its text there (a byte range of the file read at start,
 * outside the JavaScript heap). A start on 100,000 users parsed and kept every one of them: most of the
 * start's time and memory, and a heap the garbage collector went on walking at every request after.
 * Reading one record parses it and leaves the text in place; a change to it, or a walk through every
 * record, keeps it parsed. Kept at every read, the records of people who each log in once filled the
 * heap, and the collector's work grew with it, costing a login at 100,000 users more than parsing a
 * record again costs the next read of it (BENCHMARKS.md).
 *
 * Only text the store's own snapshot writer wrote, and whose digest matched, is kept this way
 * (snapshot-lines.ts), so parsing it later cannot fail. Records are never numbers (a number in the map is
 * the slot of a record still as text).
 */
export class RecordTable<T> {
  readonly #entries = new Map<string, T | number>();
  #text: RecordText<T> | null = null;
  /** Entries still as text: when all are, there is no parsed record to list. */
  #textCount = 0;

  /** A table of the records of a plain object, as fixtures, imports and the change log give them. */
  static of<T>(records: Record<string, T>): RecordTable<T> {
    const table = new RecordTable<T>();
    // for…in, not Object.entries: no array of 100,000 pairs to allocate.
    for (const id in records) table.#entries.set(id, records[id]!);
    return table;
  }

  /** An empty table whose records will be byte ranges of `bytes`, parsed by `parse` when first read. */
  static fromText<T>(bytes: Buffer, encoding: TextEncoding, parse: (text: string) => T, form: TextForm): RecordTable<T> {
    const table = new RecordTable<T>();
    table.#text = new RecordText(bytes, encoding, parse, form);
    return table;
  }

  /** Adds a record still as text: bytes [start, end) of the table's buffer. */
  addText(id: string, start: number, end: number): void {
    // No #forget: a table read from text takes each id once (a file with an id twice is not one the
    // store wrote, and its records are all parsed into a plain object before anything uses them).
    this.#entries.set(id, this.#text!.add(start, end));
    this.#textCount++;
  }

  /** Before an entry is replaced or removed: one still as text no longer counts. */
  #forget(id: string): void {
    if (this.#textCount > 0 && typeof this.#entries.get(id) === 'number') this.#textCount--;
  }

  /** How the records still as text are written: with or without the fields at their default. */
  get textForm(): TextForm | null {
    return this.#text?.form ?? null;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** The record; one still as text is parsed for the caller and stays text: treat it as read-only. */
  get(id: string): T | undefined {
    const entry = this.#entries.get(id);
    return typeof entry === 'number' ? this.#text!.parse(entry) : entry;
  }

  /** The record, parsed and kept from now on if it was still text: the one to change in place. */
  keep(id: string): T | undefined {
    const entry = this.#entries.get(id);
    if (typeof entry !== 'number') return entry;
    const record = this.#text!.parse(entry);
    this.#entries.set(id, record);
    this.#textCount--;
    return record;
  }

  set(id: string, record: T): void {
    this.#forget(id);
    this.#entries.set(id, record);
  }

  delete(id: string): boolean {
    this.#forget(id);
    return this.#entries.delete(id);
  }

  keys(): IterableIterator<string> {
    return this.#entries.keys();
  }

  /** Every record, parsing and keeping those still as text: a query that walks them all walks them again. */
  *values(): IterableIterator<T> {
    for (const id of this.#entries.keys()) yield this.keep(id)!;
  }

  /** The records already parsed (set since the start, or kept since): those a check has not seen. */
  parsed(): [string, T][] {
    const out: [string, T][] = [];
    if (this.#textCount === this.#entries.size) return out;
    this.#entries.forEach((entry, id) => {
      if (typeof entry !== 'number') out.push([id, entry]);
    });
    return out;
  }

  /**
   * Calls `text` for each record still as text, with its bytes, and `record` for each parsed one, in
   * order, parsing nothing: what building the indexes of 100,000 users at start needs.
   */
  visit(text: (id: string, bytes: Buffer, start: number, end: number) => void, record: (id: string, value: T) => void): void {
    const source = this.#text;
    // forEach, not for…of over entries: no pair to allocate per record, a tenth of a start's indexing.
    this.#entries.forEach((entry, id) => {
      if (typeof entry === 'number') text(id, source!.bytes, source!.start(entry), source!.end(entry));
      else record(id, entry);
    });
  }

  /**
   * The ids and entries at this moment, for a snapshot written while requests go on: an entry is the
   * record, or the slot of its text (`text(slot)`; text never changes) when not yet parsed.
   */
  freeze(): FrozenTable<T> {
    const keys = new Array<string>(this.#entries.size);
    const values = new Array<T | number>(this.#entries.size);
    let i = 0;
    // forEach, as in visit(): freezing 100,000 entries is one synchronous step between requests.
    this.#entries.forEach((entry, id) => {
      keys[i] = id;
      values[i++] = entry;
    });
    const source = this.#text;
    return { keys, values, form: source?.form ?? null, text: (slot) => source!.text(slot), parse: (slot) => source!.parse(slot) };
  }

  /** For JSON.stringify of the document (export, a small snapshot). */
  toJSON(): Record<string, T> {
    return this.toObject();
  }

  /** A plain object of every record; those still as text are parsed for it, not kept. */
  toObject(): Record<string, T> {
    const out: Record<string, T> = {};
    for (const [id, entry] of this.#entries) {
      const record = typeof entry === 'number' ? this.#text!.parse(entry) : entry;
      if (id === '__proto__') Object.defineProperty(out, id, { value: record, enumerable: true, writable: true, configurable: true });
      else out[id] = record;
    }
    return out;
  }
}

/** `withoutDefaults`: user records written without their default fields (user-defaults.ts). */
export type TextForm = 'whole' | 'withoutDefaults';

export interface FrozenTable<T> {
  keys: string[];
  /** A record, or the slot of one still as text (records are never numbers). */
  values: (T | number)[];
  /** How the records still as text are written. */
  form: TextForm | null;
  text(slot: number): string;
  parse(slot: number): T;
}

/** Byte ranges of one buffer: two numbers per record instead of an object graph. */
class RecordText<T> {
  #starts: Uint32Array = new Uint32Array(1024);
  #ends: Uint32Array = new Uint32Array(1024);
  #count = 0;

  constructor(
    readonly bytes: Buffer,
    /** How the buffer's text decodes (bytes-text.ts). */
    private readonly encoding: TextEncoding,
    private readonly parseText: (text: string) => T,
    readonly form: TextForm,
  ) {}

  add(start: number, end: number): number {
    if (this.#count === this.#starts.length) {
      this.#starts = grow(this.#starts);
      this.#ends = grow(this.#ends);
    }
    this.#starts[this.#count] = start;
    this.#ends[this.#count] = end;
    return this.#count++;
  }

  start(slot: number): number {
    return this.#starts[slot]!;
  }

  end(slot: number): number {
    return this.#ends[slot]!;
  }

  text(slot: number): string {
    return textOf(this.bytes, this.encoding, this.#starts[slot]!, this.#ends[slot]!);
  }

  parse(slot: number): T {
    return this.parseText(this.text(slot));
  }
}

function grow(a: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

export const isRecordTable = (v: unknown): v is RecordTable<unknown> => v instanceof RecordTable;
