import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/check-data.js';
import { addUser, DEMO_TENANT, useTempStores } from './temp-store.js';

const stores = useTempStores();

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return child.pid!;
}

describe('openStore (lock)', () => {
  it('writes the lock file with this process id and removes it on close', async () => {
    const { file } = stores.newDir();
    const store = await stores.open(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    await store.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a second store on a file that is open, with a clear StoreError', async () => {
    const { file } = stores.newDir();
    const first = await stores.open(file);
    const err = await stores.open(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toContain(`the store file ${file} is in use by another tt-baas-mock (process ${process.pid})`);
    expect((err as StoreError).hint).toMatch(/--db|--in-memory/);

    // The refused open leaves the first store's lock in place and the first store usable.
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    const user = addUser(first);
    await first.close();
    const reopened = await stores.open(file);
    expect(reopened.user(DEMO_TENANT, user.id)).toEqual(user);
  });

  it('refuses a file locked by another running process', async () => {
    const { file } = stores.newDir();
    writeFileSync(`${file}.lock`, String(process.ppid));
    await expect(stores.open(file)).rejects.toThrow(`in use by another tt-baas-mock (process ${process.ppid})`);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const { file } = stores.newDir();
    writeFileSync(`${file}.lock`, String(deadPid()));
    await stores.open(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
  });

  it('takes over a lock with this process id that this process does not hold', async () => {
    // A container restarted after a kill often gets the same pid as the process that left the lock.
    const { file } = stores.newDir();
    writeFileSync(`${file}.lock`, String(process.pid));
    await stores.open(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
  });

  it('takes over an empty lock file left by a crash while locking', async () => {
    const { file } = stores.newDir();
    writeFileSync(`${file}.lock`, '');
    await stores.open(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
  });

  it('releases the lock when opening fails', async () => {
    const { file } = stores.newDir();
    writeFileSync(file, 'not json');
    await expect(stores.open(file)).rejects.toThrow(StoreError);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
