import { scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { randomBytesFromPool } from '../ids.js';

/**
 * Passwords are stored as `scrypt$<N>$<r>$<p>$<salt>$<hash>`, so a hash made with other parameters
 * still verifies. New hashes use N = 16, r = 1, p = 1 by default, far below a production server's on
 * purpose: this is a local emulator whose passwords are test data, a suite registers users as fast as
 * it logs them in, and at N = 1024, r = 8 the hash alone held registration to a twentieth of the
 * server's speed (about 10 µs now). The hash is still salted scrypt, so the store file never holds a
 * password in clear. `--scrypt-cost` raises N.
 */
export const DEFAULT_SCRYPT_COST = 16;
const BLOCK_SIZE = 1;
const PARALLELISM = 1;

const KEY_LENGTH = 32;

/**
 * Hashes up to this much work (N × r × p) are computed on the event loop: at most about 40 µs, less
 * than handing the job to the thread pool and back costs. Dearer ones go to the pool, so a slow hash
 * never holds up other requests.
 */
const SYNC_WORK_LIMIT = 128;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  const options = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  if (N * r * p <= SYNC_WORK_LIMIT) {
    try {
      return Promise.resolve(scryptSync(password, salt, KEY_LENGTH, options));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, cost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytesFromPool(16);
  const key = await derive(password, salt, cost, BLOCK_SIZE, PARALLELISM);
  return `scrypt$${cost}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
