import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from './http-client.js';

/** Children and temp dirs of this run: removed on every way out, a failure or Ctrl-C included. */
const children = new Set();
const tempDirs = new Set();

function cleanUp() {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}
process.on('exit', cleanUp);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping\n`);
    process.exit(130);
  });
}

/** @param {string} prefix */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** @param {string} dir */
export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/**
 * A server in its own process, so it does not share the generator's event loop.
 * @typedef {object} Child
 * @property {number} pid
 * @property {string} url
 * @property {() => { rssMb: number, peakRssMb: number }} memory
 * @property {() => CpuSample} cpu
 * @property {() => Promise<void>} stop SIGTERM (the mock writes its snapshot), SIGKILL after a while
 * @property {() => Promise<void>} kill SIGKILL: for a process whose store is thrown away, no snapshot to wait for
 */

/**
 * Starts `node <args>` and resolves with the URL of its first stdout line (`… listening on <url> …`).
 * @param {string[]} args
 * @param {{ cwd: string, timeoutMs?: number, nodeFlags?: string[] }} o
 * @returns {Promise<Child>}
 */
export function startChild(args, { cwd, timeoutMs = 60_000, nodeFlags = [] }) {
  const child = spawn(process.execPath, [...nodeFlags, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => children.delete(child));

  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no URL within ${timeoutMs} ms`)), timeoutMs);
    /** @param {Error} err */
    const fail = (err) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: ${err.message}\n${stderr}`));
    };
    /** @param {number | null} code */
    const early = (code) => fail(new Error(`exited with ${code} before listening`));
    child.once('exit', early);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      const pid = /** @type {number} */ (child.pid);
      resolve({
        pid,
        url: /** @type {string} */ (m[1]),
        memory: () => memoryOf(pid),
        cpu: () => cpuOf(pid),
        stop: async () => {
          child.kill('SIGTERM');
          const killed = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(killed);
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

/** Resident and peak resident memory of a process, in MiB (Linux). @param {number} pid */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (/** @type {string} */ field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 };
  } catch {
    return { rssMb: NaN, peakRssMb: NaN };
  }
}

/**
 * CPU time a process has used so far, in ms: all its threads (the thread pool hashes passwords and
 * syncs files), and its main thread alone (the event loop, which bounds the request rate).
 * @typedef {{ processMs: number, mainMs: number }} CpuSample
 * @param {number} pid
 * @returns {CpuSample}
 */
export function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const main = Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
    return { processMs: ticks * 10, mainMs: main / 1e6 };
  } catch {
    return { processMs: NaN, mainMs: NaN };
  }
}

/** A port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = /** @type {import('node:net').AddressInfo} */ (s.address()).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Milliseconds from spawning the mock to its first 200 from /__mock/health, polling every 2 ms; the
 * process is stopped afterwards. Also reports its memory right after start.
 * @param {string} cwd
 * @param {string} db
 * @returns {Promise<{ ms: number, rssMb: number, peakRssMb: number }>}
 */
export async function timeStart(cwd, db) {
  const port = /** @type {number} */ (await freePort());
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/tt-baas-mock.js', 'start', '--port', String(port), '--db', db, '--log', 'quiet'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  let exitCode = /** @type {number | null | undefined} */ (undefined);
  const exited = new Promise((resolve) => child.once('exit', (code) => { exitCode = code; children.delete(child); resolve(code); }));
  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the mock exited with ${exitCode} while starting\n${stderr}`);
      if (performance.now() - t0 > 60_000) throw new Error('the mock did not answer /__mock/health within 60 s');
      const status = await healthStatus(port);
      if (status === 200) {
        const ms = performance.now() - t0;
        return { ms: Math.round(ms * 10) / 10, ...memoryOf(/** @type {number} */ (child.pid)) };
      }
      await sleep(2);
    }
  } finally {
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killed);
  }
}

/** @param {number} port @returns {Promise<number>} the status, or 0 when nothing answers yet */
async function healthStatus(port) {
  const conn = new Connection('127.0.0.1', port, `127.0.0.1:${port}`);
  try {
    return (await conn.request('GET', '/__mock/health')).status;
  } catch {
    return 0;
  } finally {
    conn.close();
  }
}
