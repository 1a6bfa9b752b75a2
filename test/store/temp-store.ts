import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { newUserRecord } from '../../src/baas/users.js';
import { openStore, type OpenStoreOptions } from '../../src/store/open.js';
import type { Data, UserRecord } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { fixtures } from '../helpers.js';

export const DEMO_TENANT = '7f2c5a9e1b3d4c6e8a0f';

/** A temp directory per test for file stores; every store opened through it is closed afterwards. */
export function useTempStores() {
  const dirs: string[] = [];
  const open: Store[] = [];
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((s) => s.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    /** A fresh directory and the path of a store file in it. */
    newDir(): { dir: string; file: string } {
      const dir = mkdtempSync(join(tmpdir(), 'tt-baas-mock-store-'));
      dirs.push(dir);
      return { dir, file: join(dir, 'db.json') };
    },
    async open(file: string, options: Partial<OpenStoreOptions> = {}): Promise<Store> {
      // No idle compaction unless a test asks for it: what is on disk must not change behind its back.
      const store = await openStore({ file, seed: fixtures, compactIdleMs: 3_600_000, ...options });
      open.push(store);
      return store;
    },
  };
}

/** Puts a new user with the given fields into the demo tenant and returns it. */
export function addUser(store: Store, fields: Partial<UserRecord> = {}, key = DEMO_TENANT): UserRecord {
  return store.write((w) => {
    const user = newUserRecord(w.newUserId(key), 1_700_000_000, fields);
    w.putUser(key, user);
    return user;
  });
}

export const readJson = (path: string): Data => JSON.parse(readFileSync(path, 'utf8')) as Data;

/** The change-log files beside a store file, by name. */
export const walFiles = (dir: string): string[] => readdirSync(dir).filter((n) => /\.wal\.\d+$/.test(n)).sort();

export const walLines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
