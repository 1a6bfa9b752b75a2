import { readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../src/store/check-data.js';
import { readStoreFile } from '../../src/store/open.js';
import { SnapshotFile } from '../../src/store/snapshot-file.js';
import { addUser, DEMO_TENANT, readJson, useTempStores, walFiles, walLines } from './temp-store.js';

const stores = useTempStores();

afterEach(() => {
  vi.restoreAllMocks();
});

/** The prototype of the file handles the change log writes through, to watch its writes and syncs. */
async function fileHandleProto(dir: string) {
  const probe = await open(join(dir, 'probe'), 'w');
  await probe.close();
  return Object.getPrototypeOf(probe) as { write: (text: string) => Promise<unknown>; datasync: () => Promise<void> };
}

describe('Store.write (group commit)', () => {
  it('writes the changes of one turn of the event loop with one fdatasync', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file);
    const datasync = vi.spyOn(await fileHandleProto(dir), 'datasync');

    for (let i = 0; i < 10; i++) addUser(store, { _username: `batch${i}` });
    await store.flushed();
    expect(datasync).toHaveBeenCalledTimes(1);
    expect(walLines(join(dir, 'db.json.wal.1'))).toHaveLength(10);

    addUser(store);
    await store.flushed();
    expect(datasync).toHaveBeenCalledTimes(2);
    expect(walLines(join(dir, 'db.json.wal.1'))).toHaveLength(11);
  });

  it('fails the flush of a batch that could not be written and keeps the log readable', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file);
    const first = addUser(store);
    await store.flushed();

    const proto = await fileHandleProto(dir);
    const write = proto.write;
    vi.spyOn(proto, 'write').mockImplementationOnce(async function (this: unknown, text: string) {
      await write.call(this, text.slice(0, 20));
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    });
    addUser(store);
    await expect(store.flushed()).rejects.toThrow('no space left');

    const third = addUser(store);
    await store.flushed();
    const lines = walLines(join(dir, 'db.json.wal.1'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(readStoreFile(file).tenants[DEMO_TENANT]!.users[third.id]).toEqual(third);
    expect(readStoreFile(file).tenants[DEMO_TENANT]!.users[first.id]).toEqual(first);
  });

  it('logs one line per write however many records it changes', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file);
    store.write((w) => {
      for (let i = 0; i < 3; i++) w.revoke(DEMO_TENANT, `nonce${i}`, 1);
    });
    await store.flushed();
    const lines = walLines(join(dir, 'db.json.wal.1'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toHaveLength(3);
  });

  it('changes nothing when the callback throws', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file);
    const before = JSON.parse(JSON.stringify(store.data));
    expect(() =>
      store.write((w) => {
        const id = w.newUserId(DEMO_TENANT);
        w.putUser(DEMO_TENANT, { ...store.user(DEMO_TENANT, 310000000000001)!, id, _username: 'ghost' });
        throw new Error('validation failed half-way');
      }),
    ).toThrow('validation failed half-way');
    await store.flushed();
    expect(store.data).toEqual(before);
    expect(store.userByUsername(DEMO_TENANT, 'ghost')).toBeUndefined();
    expect(walFiles(dir)).toEqual([]);
  });

  it('does not show a callback its own changes before it returns', async () => {
    const { file } = stores.newDir();
    const store = await stores.open(file);
    store.write((w) => {
      const first = w.newUserId(DEMO_TENANT);
      const second = w.newUserId(DEMO_TENANT);
      expect(second).toBe(first + 1);
      expect(store.tenant(DEMO_TENANT)!.nextUserId).toBe(first);
    });
  });
});

describe('Store.compact', () => {
  it('leaves a valid JSON snapshot and removes the folded segments', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file, { compactAfterBytes: 1 });
    const user = addUser(store, { _phone: '13800000000' });
    await store.flushed();
    await store.compact();

    expect(walFiles(dir)).toEqual([]);
    expect(readJson(file).tenants[DEMO_TENANT]!.users[user.id]).toEqual(user);
    expect(readStoreFile(file)).toEqual(store.data);
  });

  it('lets the log grow as large as the snapshot before folding it in', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file, { compactAfterBytes: 1 });
    await store.flushed();
    await store.compact();
    const snapshotBytes = statSync(file).size;
    const written = vi.spyOn(SnapshotFile.prototype, 'write');

    addUser(store);
    await store.flushed();
    await new Promise((r) => setImmediate(r));
    expect(written).not.toHaveBeenCalled();
    const logBytes = walFiles(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    expect(logBytes).toBeGreaterThan(1);
    expect(logBytes).toBeLessThan(snapshotBytes);

    while (!written.mock.calls.length) {
      addUser(store, { nickname: 'x'.repeat(500) });
      await store.flushed();
    }
    expect(walFiles(dir).length).toBeLessThanOrEqual(2);
  });

  it('compacts on its own once the log has been idle', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file, { compactIdleMs: 1 });
    const compacted = new Promise<void>((resolve) => {
      const original = SnapshotFile.prototype.writeText;
      vi.spyOn(SnapshotFile.prototype, 'writeText').mockImplementation(async function (this: SnapshotFile, text: string) {
        await original.call(this, text);
        resolve();
      });
    });
    const user = addUser(store);
    await compacted;
    await store.compact();
    expect(readJson(file).tenants[DEMO_TENANT]!.users[user.id]).toEqual(user);
    expect(walFiles(dir)).toEqual([]);
  });

  it('leaves a small log beside a large snapshot through a pause, and folds it in once it is a quarter of the snapshot', async () => {
    const { dir, file } = stores.newDir();
    // Every snapshot counts as large here; the fixtures' one is a few kilobytes.
    const store = await stores.open(file, { compactIdleMs: 10, compactIdleAlwaysUpToBytes: 0 });
    const snapshotBytes = statSync(file).size;
    const writes = vi.spyOn(SnapshotFile.prototype, 'write');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      addUser(store, { nickname: 'small change' });
      await store.flushed();
      expect(statSync(join(dir, 'db.json.wal.1')).size * 4).toBeLessThan(snapshotBytes);
      vi.advanceTimersByTime(60_000);
      expect(writes).not.toHaveBeenCalled();

      // A log of a quarter of the snapshot is worth folding at the next pause.
      while (statSync(join(dir, 'db.json.wal.1')).size * 4 < snapshotBytes) {
        addUser(store, { nickname: 'x'.repeat(200) });
        await store.flushed();
      }
      expect(writes).not.toHaveBeenCalled();
      vi.advanceTimersByTime(10);
      expect(writes).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
    await store.compact();
    expect(walFiles(dir)).toEqual([]);
  });

  it("does not fold in, at the pause, a small log left after a snapshot the log's size called for", async () => {
    const { dir, file } = stores.newDir();
    // The log's size calls for a snapshot once it is as large as the snapshot; every snapshot counts as large.
    const store = await stores.open(file, { compactIdleMs: 10, compactAfterBytes: 1, compactIdleAlwaysUpToBytes: 0 });
    const writes = vi.spyOn(SnapshotFile.prototype, 'write');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      // Past a quarter of the snapshot the idle timer is set; at its full size a snapshot is written.
      while (writes.mock.calls.length === 0) {
        addUser(store, { nickname: 'x'.repeat(200) });
        await store.flushed();
      }
      await store.compact();
      expect(writes).toHaveBeenCalledTimes(1);

      addUser(store, { nickname: 'after the snapshot' });
      await store.flushed();
      expect(statSync(join(dir, 'db.json.wal.2')).size * 4).toBeLessThan(statSync(file).size);
      vi.advanceTimersByTime(60_000);
      expect(writes).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a segment whose compaction failed until a later snapshot holds it', async () => {
    const { dir, file } = stores.newDir();
    const store = await stores.open(file);
    const name = (v: string) => store.write((w) => w.set(['tenants', DEMO_TENANT, 'users', '310000000000001', 'nickname'], v));

    name('one');
    await store.flushed();
    vi.spyOn(SnapshotFile.prototype, 'writeText').mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    await expect(store.compact()).rejects.toThrow('disk full');
    expect(walFiles(dir)).toEqual(['db.json.wal.1']);

    name('two');
    await store.flushed();
    await store.compact();
    expect(walFiles(dir)).toEqual([]);
    await store.close();

    const reopened = await stores.open(file);
    expect(reopened.user(DEMO_TENANT, 310000000000001)?.nickname).toBe('two');
  });

  it('keeps the changes made while a snapshot is being written', async () => {
    const { file } = stores.newDir();
    const store = await stores.open(file);
    const first = addUser(store);
    const compaction = store.compact();
    const second = addUser(store);
    await compaction;
    await store.flushed();
    await store.close();

    const reopened = await stores.open(file);
    expect(reopened.user(DEMO_TENANT, first.id)).toEqual(first);
    expect(reopened.user(DEMO_TENANT, second.id)).toEqual(second);
  });
});

describe('readStoreFile', () => {
  it('reads the snapshot and the log of a store that is open, without taking its lock', async () => {
    const { file } = stores.newDir();
    const store = await stores.open(file);
    const user = addUser(store);
    await store.flushed();
    const lock = readFileSync(`${file}.lock`, 'utf8');

    const read = readStoreFile(file);
    expect(read.tenants[DEMO_TENANT]!.users[user.id]).toEqual(user);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(lock);
  });

  it('names the file when there is no store', () => {
    const { file } = stores.newDir();
    expect(() => readStoreFile(file)).toThrow(StoreError);
    expect(() => readStoreFile(file)).toThrow(`there is no store at ${file}`);
  });
});
