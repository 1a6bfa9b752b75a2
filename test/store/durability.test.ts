import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/check-data.js';
import { readStoreFile } from '../../src/store/open.js';
import { fixtures, withoutSecret } from '../helpers.js';
import { addUser, DEMO_TENANT, readJson, useTempStores, walFiles, walLines } from './temp-store.js';

const stores = useTempStores();

describe('openStore (file)', () => {
  it('creates the snapshot from the fixtures when the file does not exist', async () => {
    const { file } = stores.newDir();
    await stores.open(file);
    expect(withoutSecret(readJson(file))).toEqual(fixtures);
    expect(readJson(file).platform.tokenSecret).toMatch(/^.{16,}$/);
  });

  it('keeps writes across a close and a reopen', async () => {
    const { file } = stores.newDir();
    const first = await stores.open(file);
    const user = addUser(first, { _username: 'dora' });
    await first.close();

    const second = await stores.open(file);
    expect(second.user(DEMO_TENANT, user.id)).toEqual(user);
    expect(second.userByUsername(DEMO_TENANT, 'dora')?.id).toBe(user.id);
  });

  it('has a flushed change in the change log before compaction and in the snapshot after close', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file);
    const user = addUser(store, { _username: 'erin' });
    await store.flushed();

    expect(walFiles(dir)).toEqual(['db.json.wal.1']);
    const line = walLines(join(dir, 'db.json.wal.1'));
    expect(line).toHaveLength(1);
    expect(JSON.parse(line[0]!)).toContainEqual({ o: 's', p: ['tenants', DEMO_TENANT, 'users', String(user.id)], v: user });
    expect(readJson(file).tenants[DEMO_TENANT]!.users[user.id]).toBeUndefined();

    await store.close();
    expect(readJson(file).tenants[DEMO_TENANT]!.users[user.id]).toEqual(user);
    expect(walFiles(dir)).toEqual([]);
  });

  it('replays the change log of a process that died before compaction', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file);
    const user = addUser(store, { _email: 'fay@example.com' });
    await store.flushed();

    // What a killed process leaves behind: the old snapshot and the log, without the lock.
    const crashed = mkdtempSync(join(tmpdir(), 'tt-baas-mock-crashed-'));
    try {
      copyFileSync(file, join(crashed, 'db.json'));
      for (const name of walFiles(dir)) copyFileSync(join(dir, name), join(crashed, name));
      const reopened = await stores.open(join(crashed, 'db.json'));
      expect(reopened.user(DEMO_TENANT, user.id)).toEqual(user);
      expect(reopened.userByEmail(DEMO_TENANT, 'FAY@example.com')?.id).toBe(user.id);
      await reopened.close();
    } finally {
      rmSync(crashed, { recursive: true, force: true });
    }
  });

  it('replays several segments in order over an old snapshot and folds them into it', async () => {
    const { dir, file } = stores.newDir();
    writeFileSync(file, JSON.stringify(fixtures));
    const path = (n: number) => join(dir, `db.json.wal.${n}`);
    const name = ['tenants', DEMO_TENANT, 'users', '310000000000001', 'nickname'];
    writeFileSync(path(3), JSON.stringify([{ o: 's', p: name, v: 'first' }]) + '\n');
    writeFileSync(path(4), JSON.stringify([{ o: 's', p: name, v: 'second' }]) + '\n' + JSON.stringify([{ o: 'd', p: ['people', 'carol'] }]) + '\n');

    const store = await stores.open(file);
    expect(store.user(DEMO_TENANT, 310000000000001)?.nickname).toBe('second');
    expect(store.data.people.carol).toBeUndefined();
    expect(walFiles(dir)).toEqual([]);
    expect(readJson(file).tenants[DEMO_TENANT]!.users['310000000000001']!.nickname).toBe('second');

    // New changes go to a segment after the replayed ones.
    addUser(store);
    await store.flushed();
    expect(walFiles(dir)).toEqual(['db.json.wal.5']);
  });

  it('replays a logged whole-document replacement as a replacement', async () => {
    const { dir, file } = stores.newDir();
    writeFileSync(file, JSON.stringify(fixtures));
    const replaced = structuredClone(fixtures);
    delete replaced.people.bob;
    writeFileSync(join(dir, 'db.json.wal.1'), JSON.stringify([{ o: 's', p: [], v: replaced }]) + '\n');

    expect(readStoreFile(file)).toEqual(replaced);
    const store = await stores.open(file);
    expect(withoutSecret(store.data)).toEqual(replaced);
  });

  it('drops a torn last line of the change log', async () => {
    const { dir, file } = stores.newDir();
    writeFileSync(file, JSON.stringify(fixtures));
    const name = ['tenants', DEMO_TENANT, 'users', '310000000000001', 'nickname'];
    const whole = JSON.stringify([{ o: 's', p: name, v: 'kept' }]);
    const torn = JSON.stringify([{ o: 's', p: name, v: 'torn' }]).slice(0, 30);
    writeFileSync(join(dir, 'db.json.wal.1'), `${whole}\n${torn}`);

    const store = await stores.open(file);
    expect(store.user(DEMO_TENANT, 310000000000001)?.nickname).toBe('kept');
  });

  it('refuses a change log damaged before its last line and leaves the files untouched', async () => {
    const { dir, file } = stores.newDir();
    writeFileSync(file, JSON.stringify(fixtures));
    const name = ['tenants', DEMO_TENANT, 'users', '310000000000001', 'nickname'];
    const whole = JSON.stringify([{ o: 's', p: name, v: 'x' }]);
    const wal = join(dir, 'db.json.wal.1');
    const text = `${whole}\n{"damaged\n${whole}\n`;
    writeFileSync(wal, text);

    const err = await stores.open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/db\.json\.wal\.1 is damaged at line 2/);
    expect((err as StoreError).hint).toMatch(/--reset/);
    expect(readFileSync(wal, 'utf8')).toBe(text);
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(fixtures));
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a change log line that is JSON but not a list of changes', async () => {
    const { dir, file } = stores.newDir();
    writeFileSync(file, JSON.stringify(fixtures));
    writeFileSync(join(dir, 'db.json.wal.1'), '{"o":"s"}\n[]\n');
    await expect(stores.open(file)).rejects.toThrow(/damaged at line 1/);
  });

  it('refuses a snapshot that is not JSON and leaves it byte for byte', async () => {
    const { file } = stores.newDir();
    writeFileSync(file, '{"version": 1,');
    const err = await stores.open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/is not valid JSON/);
    expect((err as StoreError).hint).toMatch(/--reset/);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 1,');
  });

  it('starts from the fixtures with reset, discarding the snapshot and the log', async () => {
    const { dir, file } = stores.newDir();
    writeFileSync(file, 'not json');
    writeFileSync(join(dir, 'db.json.wal.7'), 'garbage\nmore\n');
    const store = await stores.open(file, { reset: true });
    expect(withoutSecret(store.data)).toEqual(fixtures);
    expect(withoutSecret(readJson(file))).toEqual(fixtures);
    expect(walFiles(dir)).toEqual([]);
  });
});
