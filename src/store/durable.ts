import { closeSync, fdatasyncSync, fsyncSync, openSync, writeSync } from 'node:fs';

/** Small durable write (the lock file): write, fdatasync, close. */
export function writeFileDurably(path: string, text: string, flags = 'w'): void {
  const fd = openSync(path, flags);
  try {
    writeSync(fd, text);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename or unlink durable; some platforms cannot open a directory, which is harmless to skip. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
