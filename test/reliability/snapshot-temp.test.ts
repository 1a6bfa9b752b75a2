import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { fixtures, withoutSecret } from '../helpers.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.allSettled(stores.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openStore (after a kill during a snapshot)', () => {
  it('removes the half-written snapshot temp file of a dead process and keeps the snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-baas-mock-temp-'));
    dirs.push(dir);
    const file = join(dir, 'db.json');
    const first = await openStore({ file, seed: fixtures });
    await first.close();
    const leftover = join(dir, '.db.json.4242.tmp');
    writeFileSync(leftover, '{"version": 1, "platform": {"se');
    writeFileSync(join(dir, '.other.json.4242.tmp'), 'not ours');

    const store = await openStore({ file, seed: fixtures });
    stores.push(store);
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['.other.json.4242.tmp', 'db.json', 'db.json.lock']);
    expect(withoutSecret(store.data)).toEqual(fixtures);
  });
});
