import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newUserRecord } from '../../src/baas/users.js';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';
import { readStoreFile } from '../../src/store/open.js';
import type { Data } from '../../src/store/schema.js';
import { Logger } from '../../src/log.js';
import { DEMO, expectStatus, fixtures, withoutSecret } from '../helpers.js';
import { useMockProcesses } from '../store/mock-process.js';

const cli = useMockProcesses();
const T = DEMO.clientId;

/** The fixtures plus a user `dora` in the demo tenant. */
function withDora(): Data {
  const doc = structuredClone(fixtures);
  const t = doc.tenants[T]!;
  t.users[String(t.nextUserId)] = newUserRecord(t.nextUserId, 1_700_000_000, { _username: 'dora', _phone: '13800000000' });
  t.nextUserId++;
  return doc;
}
const DORA = String(fixtures.tenants[T]!.nextUserId);

const post = (url: string, path: string, body: string, type = 'application/json') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

describe('tt-baas-mock export', () => {
  it('prints the store of a running mock without disturbing it', async () => {
    const cwd = cli.newDir();
    const { mock, url } = await cli.start(['--db', 'db.json'], cwd);
    await expectStatus(await post(url, '/__mock/import', JSON.stringify(withDora())), 200);

    const exit = await cli.run(['export', '--db', 'db.json'], cwd);
    expect(exit.code).toBe(0);
    expect(withoutSecret(JSON.parse(exit.stdout))).toEqual(withDora());
    expect(readFileSync(join(cwd, 'db.json.lock'), 'utf8')).toBe(String(mock.child.pid));
    expect((await fetch(`${url}/__mock/health`)).status).toBe(200);
  });

  it('names the file when there is no store', async () => {
    const cwd = cli.newDir();
    const exit = await cli.run(['export', '--db', 'missing.json'], cwd);
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toContain(`there is no store at ${join(cwd, 'missing.json')}`);
  });
});

describe('tt-baas-mock start --import', () => {
  it('starts from a snapshot made by export', async () => {
    const cwd = cli.newDir();
    writeFileSync(join(cwd, 'snapshot.json'), JSON.stringify(withDora()));
    const { mock, url } = await cli.start(['--db', 'db.json', '--import', 'snapshot.json'], cwd);
    expect(withoutSecret(await (await fetch(`${url}/__mock/export`)).json())).toEqual(withDora());
    expect((await mock.stop()).code).toBe(0);
    expect(withoutSecret(JSON.parse(readFileSync(join(cwd, 'db.json'), 'utf8')))).toEqual(withDora());
  });

  it('refuses a snapshot that is not a store document and leaves the store file alone', async () => {
    const cwd = cli.newDir();
    const bad = withDora();
    bad.tenants[T]!.passwords[DORA] = 'plain-text';
    writeFileSync(join(cwd, 'snapshot.json'), JSON.stringify(bad));
    writeFileSync(join(cwd, 'db.json'), JSON.stringify(fixtures));
    const exit = await cli.run(['start', '--port', '0', '--db', 'db.json', '--import', 'snapshot.json'], cwd);
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toMatch(new RegExp(`snapshot file snapshot\\.json is not usable: tenants\\.${T}\\.passwords\\.${DORA} must be a scrypt hash`));
    expect(readFileSync(join(cwd, 'db.json'), 'utf8')).toBe(JSON.stringify(fixtures));
  });
});

describe('GET /__mock/export and POST /__mock/import', () => {
  let running: RunningMock | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(): Promise<{ url: string; mock: RunningMock; file: string }> {
    const file = join(cli.newDir(), 'db.json');
    running = await startServer(resolveOptions({ port: 0, db: file, log: 'quiet' }), new Logger('quiet'));
    return { url: running.url, mock: running, file };
  }

  it('gives back the same users after export, reset and import', async () => {
    const { url, mock } = await start();
    mock.store.write((w) => w.putUser(T, newUserRecord(w.newUserId(T), 1_700_000_000, { _username: 'Erin', _email: 'erin@example.com' })));
    const res = await fetch(`${url}/__mock/export`);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.json"/);
    const exported = await expectStatus(res, 200);
    expect(exported.tenants[T].users[DORA]._username).toBe('Erin');

    await expectStatus(await post(url, '/__mock/reset', '{}'), 200);
    expect(mock.store.userByUsername(T, 'erin')).toBeUndefined();

    const imported = await expectStatus(await post(url, '/__mock/import', JSON.stringify(exported)), 200);
    expect(imported).toMatchObject({ status: 'ok', users: 3 });
    expect(await (await fetch(`${url}/__mock/export`)).json()).toEqual(exported);
    expect(mock.store.userByUsername(T, 'ERIN')?.id).toBe(Number(DORA));
    expect(mock.store.userByEmail(T, 'erin@example.com')?.id).toBe(Number(DORA));
  });

  it('puts an import on disk before it answers', async () => {
    const { url, file } = await start();
    await expectStatus(await post(url, '/__mock/import', JSON.stringify(withDora())), 200);
    expect(withoutSecret(readStoreFile(file))).toEqual(withDora());
  });

  const invalid: [string, () => string, RegExp][] = [
    ['a newer version', () => JSON.stringify({ ...withDora(), version: 99 }), /^body: not a tt-baas-mock snapshot: version is 99, newer than/],
    [
      'a user whose id is not its key',
      () => {
        const d = withDora();
        d.tenants[T]!.users[DORA]!.id = 42;
        return JSON.stringify(d);
      },
      new RegExp(`users\\.${DORA}\\.id must equal its key`),
    ],
    [
      'a password that is not a scrypt hash',
      () => {
        const d = withDora();
        d.tenants[T]!.passwords[DORA] = 'secret';
        return JSON.stringify(d);
      },
      new RegExp(`passwords\\.${DORA} must be a scrypt hash`),
    ],
    [
      'two users with one username',
      () => {
        const d = withDora();
        d.tenants[T]!.users[DORA]!._username = 'IFANRX';
        return JSON.stringify(d);
      },
      /_username is also the _username of user 310000000000001/,
    ],
    ['malformed JSON', () => JSON.stringify(withDora()).slice(0, -5), /^body: is not valid JSON$/],
    ['a list instead of an object', () => '[]', /^body: must be a JSON object$/],
    ['an object that is no store', () => '{"users": []}', /^body: not a tt-baas-mock snapshot: version must be a number$/],
  ];
  it.each(invalid)('refuses %s with a 400 naming the problem and changes nothing', async (_name, body, message) => {
    const { url, mock, file } = await start();
    mock.store.write((w) => w.putUser(T, newUserRecord(w.newUserId(T), 1, { _username: 'before' })));
    await mock.store.flushed();
    const before = JSON.parse(JSON.stringify(mock.store.data));
    const onDisk = readStoreFile(file);

    const res = await post(url, '/__mock/import', body());
    const answer = await expectStatus(res, 400);
    expect(answer.mock.error).toMatch(message);
    expect(answer.mock.field).toBe('body');

    expect(mock.store.data).toEqual(before);
    expect(mock.store.userByUsername(T, 'before')?.id).toBe(Number(DORA));
    expect(readStoreFile(file)).toEqual(onDisk);
  });

  it('refuses a body that is not JSON by its media type', async () => {
    const { url } = await start();
    const answer = await expectStatus(await post(url, '/__mock/import', JSON.stringify(fixtures), 'application/x-www-form-urlencoded'), 415);
    expect(answer.mock.error).toMatch(/^body: must be JSON/);
  });
});
