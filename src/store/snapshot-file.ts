import { readFileSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { Data } from './schema.js';
import { checkData, StoreError } from './check-data.js';
import { syncDir } from './durable.js';
import { freeze, INCREMENTAL_FROM_RECORDS, writeFrozen } from './snapshot-writer.js';

/**
 * lowdb adapter for the JSON snapshot. Reading validates the document; writing captures the document at
 * the moment `write()` is called (the journal relies on that), then writes a temp file, fsyncs it and
 * renames it over the snapshot, so the file on disk is always a whole, valid JSON document. A small
 * store is indented for people to read; a large one is written compact, a slice at a time
 * (snapshot-writer.ts), so writing it neither stops the requests nor needs memory for its whole text.
 */
export class SnapshotFile implements Adapter<Data> {
  constructor(readonly path: string) {}

  async read(): Promise<Data | null> {
    return this.readSync();
  }

  readSync(): Data | null {
    let text: string;
    try {
      // Decoding the bytes apart is about twice as fast as readFileSync(path, 'utf8') on Node 20.
      text = readFileSync(this.path).toString('utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new StoreError(`cannot read the store file ${this.path} (${code ?? String(err)})`, this.#advice());
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new StoreError(`the store file ${this.path} is not valid JSON (${(err as Error).message})`, this.#advice());
    }
    try {
      return checkData(value, { unique: false });
    } catch (err) {
      if (err instanceof StoreError) throw new StoreError(`the store file ${this.path} is not a tt-baas-mock store: ${err.message}`, this.#advice());
      throw err;
    }
  }

  #advice(): string {
    return `It was left untouched. Move it aside (mv ${this.path} ${this.path}.bak) or start from the fixtures with --reset.`;
  }

  write(data: Data): Promise<void> {
    const frozen = freeze(data);
    if (frozen.records < INCREMENTAL_FROM_RECORDS) return this.writeText(JSON.stringify(data, null, 2) + '\n');
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
