import { statSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { Data } from './schema.js';
import { checkData, StoreError } from './check-data.js';
import { syncDir } from './durable.js';
import type { TenantIndex } from './indexes.js';
import { readJsonDocument } from './snapshot-lines.js';
import { RecordsAsRead } from './snapshot-load.js';
import { freeze, isLarge, writeFrozen } from './snapshot-writer.js';

/**
 * lowdb adapter for the JSON snapshot. Reading validates the document; writing captures the document at
 * the moment `write()` is called (the journal relies on that), then writes a temp file, fsyncs it and
 * renames it over the snapshot, so the file on disk is always a whole, valid JSON document. A small
 * store is indented for people to read; a large one is written a member per line and a slice at a time
 * (snapshot-writer.ts), so writing it neither stops the requests nor needs memory for its whole text,
 * and read back a line at a time (snapshot-lines.ts), so reading it does not either.
 */
export class SnapshotFile implements Adapter<Data> {
  constructor(readonly path: string) {}

  async read(): Promise<Data | null> {
    return this.readSync();
  }

  readSync(): Data | null {
    return this.load()?.data ?? null;
  }

  /**
   * Reads and checks the snapshot, with the indexes of the tenants whose users were indexed as they were
   * read (the others are for the store to build). Null when there is no file.
   */
  load(): { data: Data; indexes: Map<string, TenantIndex> } | null {
    const records = new RecordsAsRead();
    let value: unknown;
    try {
      value = readJsonDocument(this.path, records);
    } catch (err) {
      if (err instanceof SyntaxError) throw new StoreError(`the store file ${this.path} is not valid JSON (${err.message})`, this.#advice());
      if (err instanceof StoreError) throw this.#notAStore(err);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new StoreError(`cannot read the store file ${this.path} (${code ?? String(err)})`, this.#advice());
    }
    const { usersChecked, passwordsChecked, indexes } = records.done(value);
    try {
      return { data: checkData(value, { unique: false, usersChecked, passwordsChecked }), indexes };
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

  write(data: Data): Promise<void> {
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
