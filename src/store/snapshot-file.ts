import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { Data } from './schema.js';
import { checkData, StoreError } from './check-data.js';
import { syncDir } from './durable.js';

/**
 * lowdb adapter for the JSON snapshot. Reading validates the document; writing serialises at the moment
 * `write()` is called (the journal relies on that), then writes a temp file, fsyncs it and renames it
 * over the snapshot, so the file on disk is always a whole, valid JSON document.
 */
export class SnapshotFile implements Adapter<Data> {
  constructor(readonly path: string) {}

  async read(): Promise<Data | null> {
    return this.readSync();
  }

  readSync(): Data | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
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
    return this.writeText(JSON.stringify(data, null, 2) + '\n');
  }

  async writeText(text: string): Promise<void> {
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path);
    syncDir(dirname(this.path));
  }
}
