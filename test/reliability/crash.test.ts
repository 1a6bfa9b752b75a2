import { existsSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { newUserRecord } from '../../src/baas/users.js';
import { emptyTenant } from '../../src/store/schema.js';
import { INCREMENTAL_FROM_RECORDS } from '../../src/store/snapshot-writer.js';
import { fixtures } from '../helpers.js';
import { useMockProcesses, type MockProcess } from '../store/mock-process.js';
import { expectAcknowledgedState } from './crash-check.js';
import { Ledger, Load } from './crash-load.js';
import { SeededRandom, seedFromEnv } from './seeded-random.js';

/**
 * The mock is killed with SIGKILL while answering concurrent sign-ups, logins and logouts, then
 * restarted on the same store file, again and again: what it acknowledged must all be there, once.
 * Needs the build (`npm run build`): it runs bin/tt-baas-mock.js.
 */
const mocks = useMockProcesses();

/**
 * Two store files killed side by side halve the wall time; each lane checks only its own file. The
 * second starts from a large store, so its snapshots take the sliced path.
 */
const LANES = 2;
const KILLS_UNDER_LOAD = 10;
const KILLS_IN_COMPACTION = 2;
const WORKERS = 8;
/** Kill points, in ms after the load starts: the load runs until the kill, so every one lands mid-load. */
const KILL_AFTER_MS: [number, number] = [20, 400];
/** The store folds its change log into the snapshot after a second without changes. */
const IDLE_COMPACTION_MS = 1000;

const isSnapshotTemp = (name: string) => /^\.db\.json\.\d+\.tmp$/.test(name);

async function startOn(dir: string, extra: string[] = []): Promise<{ mock: MockProcess; url: string }> {
  const { mock, url } = await mocks.start(['--db', join(dir, 'db.json'), '--log', 'quiet', '--scrypt-cost', '16', ...extra], dir);
  return { mock, url };
}

const BULK_USERS = INCREMENTAL_FROM_RECORDS + 1000;

/**
 * A store past the size at which snapshots are written a slice at a time (snapshot-writer.ts), to
 * start a lane from with --import: its compactions take long enough to be killed half-way. Its file
 * (about 630 kB) stays under the 1 MiB up to which a pause always folds the log in (store.ts).
 */
function largeSnapshot(dir: string): string {
  const data = structuredClone(fixtures);
  const tenant = emptyTenant('bulk-client', '');
  for (let i = 0; i < BULK_USERS; i++) {
    const id = tenant.nextUserId++;
    tenant.users[String(id)] = newUserRecord(id, 1_700_000_000, { _username: `bulk${i}` });
  }
  data.tenants['bulk-client'] = tenant;
  const file = join(dir, 'large-import.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** Resolves once the mock starts writing a snapshot (its temp file appears), or after `patienceMs`. */
function snapshotStarts(dir: string, patienceMs: number): { seen: Promise<boolean>; close: () => void } {
  let done: (v: boolean) => void = () => {};
  const seen = new Promise<boolean>((resolve) => (done = resolve));
  const watcher = watch(dir, (_event, name) => {
    if (name && isSnapshotTemp(name)) done(true);
  });
  const timer = setTimeout(() => done(false), patienceMs);
  return { seen, close: () => (watcher.close(), clearTimeout(timer)) };
}

interface LaneFigures {
  kills: number;
  midCompaction: number;
  sent: number;
  acknowledged: number;
  checked: number;
}

/**
 * One store file, killed and restarted again and again: first under load at random moments, then as
 * its idle compaction writes the snapshot. Every restart checks everything acknowledged so far.
 */
async function runLane(lane: number, rng: SeededRandom, large: boolean): Promise<LaneFigures> {
  const dir = mocks.newDir();
  const file = join(dir, 'db.json');
  const ledger = new Ledger();
  let { mock, url } = await startOn(dir, large ? ['--import', largeSnapshot(dir)] : []);
  let checked = 0;
  let midCompaction = 0;

  const kill = async (load: Load, running: Promise<void>, state: { killed: boolean }) => {
    state.killed = true;
    mock.child.kill('SIGKILL');
    const exit = await mock.exited;
    expect(exit.signal).toBe('SIGKILL');
    load.stop();
    await running;
    // Whatever the moment of death, the snapshot on disk is a whole JSON document.
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
  };
  const restartAndCheck = async () => {
    ({ mock, url } = await startOn(dir));
    expect(ledger.failures).toEqual([]);
    expect(readdirSync(dir).filter(isSnapshotTemp), 'half-written snapshots left behind').toEqual([]);
    checked += await expectAcknowledgedState(url, ledger);
    if (large) {
      const bulk = (await (await fetch(`${url}/__mock/users?client_id=bulk-client&limit=1`)).json()) as { total: number };
      expect(bulk.total, 'users of the imported store').toBe(BULK_USERS);
    }
  };
  const trialName = (n: number) => `${lane}-${n}`;

  for (let n = 0; n < KILLS_UNDER_LOAD; n++) {
    ledger.newTrial();
    const state = { killed: false };
    const load = new Load(url, trialName(n), rng, ledger, () => state.killed);
    const running = load.run(WORKERS);
    await sleep(rng.int(...KILL_AFTER_MS));
    await kill(load, running, state);
    await restartAndCheck();
  }

  for (let n = KILLS_UNDER_LOAD; n < KILLS_UNDER_LOAD + KILLS_IN_COMPACTION; n++) {
    ledger.newTrial();
    const state = { killed: false };
    const load = new Load(url, trialName(n), rng, ledger, () => state.killed);
    const running = load.run(WORKERS);
    await sleep(rng.int(...KILL_AFTER_MS));
    load.stop();
    await running;
    // The idle compaction starts a second after the last change: kill as its snapshot is being written.
    const snapshot = snapshotStarts(dir, IDLE_COMPACTION_MS * 5);
    const started = await snapshot.seen;
    snapshot.close();
    expect(started, `no idle compaction of a ${statSync(file).size}-byte snapshot began`).toBe(true);
    await sleep(rng.int(0, 3));
    await kill(load, running, state);
    if (started && readdirSync(dir).some(isSnapshotTemp)) midCompaction++;
    await restartAndCheck();
  }

  expect(ledger.registrations.size).toBeGreaterThan(0);
  expect(ledger.ttAccounts.length).toBeGreaterThan(0);
  expect(existsSync(`${file}.lock`)).toBe(true);
  return { kills: KILLS_UNDER_LOAD + KILLS_IN_COMPACTION, midCompaction, sent: ledger.sent, acknowledged: ledger.acknowledged, checked };
}

describe('tt-baas-mock start, killed with SIGKILL and restarted on the same store', () => {
  it('keeps every acknowledged registration, login, ByteDance login and logout, once, through every kill', async () => {
    const seed = seedFromEnv();
    console.log(`crash: seed ${seed} (RELIABILITY_SEED=${seed} repeats its kill delays)`);
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, lane) => runLane(lane, new SeededRandom(seed + lane), lane === 1)));
    const sum = (k: keyof LaneFigures) => lanes.reduce((n, l) => n + l[k], 0);
    console.log(
      `crash: seed ${seed}, ${sum('kills')} kills survived (${LANES * KILLS_IN_COMPACTION} at idle compaction, ` +
        `${sum('midCompaction')} with the snapshot half-written), ${sum('sent')} requests sent, ` +
        `${sum('acknowledged')} acknowledged, ${sum('checked')} acknowledged records checked after restarts, ` +
        `${BULK_USERS} imported users intact after each of ${KILLS_UNDER_LOAD + KILLS_IN_COMPACTION} restarts`,
    );
  }, 180_000);
});
