import { statSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { Data, StoredData } from './schema.js';
import { checkData, StoreError } from './check-data.js';
import { syncDir } from './durable.js';
import { readStoreDocument } from './snapshot-lines.js';
import { freeze, isLarge, writeFrozen } from './snapshot-writer.js';
import { plainDocument } from './stored-data.js';

/**
 * lowdb adapter for the JSON snapshot. Reading validates the document; writing captures the document at
 * the moment `write()` is called (the journal relies on that), then writes a temp file, fsyncs it and
 * renames it over the snapshot, so the file on disk is always a whole, valid JSON document. A small
 * store is indented for people to read; a large one is written a member per line and a slice at a time
 * (snapshot-writer.ts), so writing it neither stops the requests nor needs memory for its whole text,
 * and read back a line at a time, its records kept as text until changed (snapshot-lines.ts).
 */
export class SnapshotFile implements Adapter<StoredData> {
  constructor(readonly path: string) {}

  async read(): Promise<StoredData | null> {
    return this.load();
  }

  /** The document, every record parsed; null when there is no file. */
  readSync(): Data | null {
    const data = this.load();
    return data && plainDocument(data);
  }

  /**
   * Reads and checks the snapshot; the users and passwords of its intact tenants stay as text in
   * RecordTables. Null when there is no file.
   */
  load(): StoredData | null {
    let value: unknown;
    try {
      value = readStoreDocument(this.path);
    } catch (err) {
      if (err instanceof SyntaxError) throw new StoreError(`the store file ${this.path} is not valid JSON (${err.message})`, this.#advice());
      if (err instanceof StoreError) throw this.#notAStore(err);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new StoreError(`cannot read the store file ${this.path} (${code ?? String(err)})`, this.#advice());
    }
    try {
      return checkData(value, { unique: false }) as unknown as StoredData;
    } catch (err) {
      if (err instanceof StoreError) throw this.#notAStore(err);
      throw err;
    }
  }

  #notAStore(err: StoreError): StoreError {
    return new StoreError(`the store file ${this.path} is not a tt-baas-mock store: ${err.message}`, this.#advice());
  }

  #advice(): string {
    return `It was left untouched. Move it aside (mv ${this.path} ${this.path}.bak) or start from the fixtures with --reset.`;
  }

  /** The snapshot's size in bytes; 0 while there is none. */
  size(): number {
    return statSync(this.path, { throwIfNoEntry: false })?.size ?? 0;
  }

  write(data: Data | StoredData): Promise<void> {
    if (!isLarge(data)) return this.writeText(JSON.stringify(data, null, 2) + '\n');
    const frozen = freeze(data);
    return this.#replace((fh) => writeFrozen(fh, frozen));
  }

  writeText(text: string): Promise<void> {
    return this.#replace((fh) => fh.writeFile(text));
  }

  async #replace(fill: (fh: FileHandle) => Promise<void>): Promise<void> {
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
    const fh = await open(tmp, 'w');
    try {
      await fill(fh);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path);
    syncDir(dirname(this.path));
  }
}
