import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Data } from '../src/store/schema.js';
import { DEMO, fixtures, withoutSecret } from './helpers.js';
import { useMockProcesses } from './store/mock-process.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const cli = useMockProcesses();
const DB = join('.tt-baas-mock', 'db.json');

/** The fixtures with one visible change: a fourth person. */
function changedDocument(): Data {
  const doc = structuredClone(fixtures);
  doc.people.dave = { ...doc.people.bob!, nickName: 'Dave' };
  return doc;
}

const importDocument = (url: string, doc: unknown) =>
  fetch(`${url}/__mock/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });

const readStore = (cwd: string, file = DB): Data => JSON.parse(readFileSync(join(cwd, file), 'utf8')) as Data;

describe('tt-baas-mock start', () => {
  it('prints one line with the URL, the store file, the client ID and the appid, then answers health', async () => {
    const cwd = cli.newDir();
    const { mock, url, line } = await cli.start([], cwd);
    expect(line).toMatch(/^tt-baas-mock \S+ listening on http:\/\/127\.0\.0\.1:\d+ /);
    expect(line).toContain(`store ${join(cwd, DB)}`);
    expect(line).toContain(`client ID ${DEMO.clientId}`);
    expect(line).toContain(`appid ${DEMO.appid}`);
    expect(mock.stdoutLines).toHaveLength(1);

    const res = await fetch(`${url}/__mock/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: VERSION });
  });

  it('keeps a change made over HTTP when stopped with SIGTERM, and exits 0', async () => {
    const cwd = cli.newDir();
    const { mock, url } = await cli.start([], cwd);
    expect((await importDocument(url, changedDocument())).status).toBe(200);

    const exit = await mock.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(readStore(cwd).people.dave?.nickName).toBe('Dave');
    expect(readdirSync(join(cwd, '.tt-baas-mock'))).toEqual(['db.json']);
  });

  it('exits 0 on SIGINT and releases the store', async () => {
    const cwd = cli.newDir();
    const { mock } = await cli.start([], cwd);
    const exit = await mock.stop('SIGINT');
    expect(exit.code).toBe(0);
    expect(exit.stderr).toBe('');
    expect(existsSync(join(cwd, `${DB}.lock`))).toBe(false);
  });

  it('starts from the store file it left, without --reset', async () => {
    const cwd = cli.newDir();
    const first = await cli.start([], cwd);
    expect((await importDocument(first.url, changedDocument())).status).toBe(200);
    expect((await first.mock.stop()).code).toBe(0);

    // A false boolean env var is false: TT_BAAS_MOCK_RESET=0 must not wipe the store.
    const second = await cli.start([], cwd, { TT_BAAS_MOCK_RESET: '0' });
    const exported = (await (await fetch(`${second.url}/__mock/export`)).json()) as Data;
    expect(exported.people.dave?.nickName).toBe('Dave');
    expect((await second.mock.stop()).code).toBe(0);

    const third = await cli.start([], cwd, { TT_BAAS_MOCK_RESET: 'true' });
    const reset = (await (await fetch(`${third.url}/__mock/export`)).json()) as Data;
    expect(reset.people.dave).toBeUndefined();
  });

  it('refuses a store file that is not JSON with a one-line error and leaves the file as it was', async () => {
    const cwd = cli.newDir();
    const file = join(cwd, 'broken.json');
    writeFileSync(file, '{"version": 1, "people": ');
    const exit = await cli.run(['start', '--port', '0', '--db', file], cwd);
    expect(exit.code).not.toBe(0);
    const lines = exit.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tt-baas-mock: the store file .*broken\.json is not valid JSON/);
    expect(lines[0]).toMatch(/Move it aside .*--reset/);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 1, "people": ');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('starts from the fixtures with --reset over a store file that is not JSON', async () => {
    const cwd = cli.newDir();
    const file = join(cwd, 'broken.json');
    writeFileSync(file, 'not json at all');
    const { url } = await cli.start(['--db', file, '--reset'], cwd);
    expect((await fetch(`${url}/__mock/health`)).status).toBe(200);
    expect(withoutSecret(JSON.parse(readFileSync(file, 'utf8')))).toEqual(fixtures);
  });

  it('refuses a port that is in use, saying so', async () => {
    const cwd = cli.newDir();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const exit = await cli.run(['start', '--port', String(port), '--in-memory'], cwd);
      expect(exit.code).not.toBe(0);
      expect(exit.stderr).toMatch(new RegExp(`^tt-baas-mock: port ${port} on 127\\.0\\.0\\.1 is already in use\\. .*--port 0`));
    } finally {
      blocker.close();
    }
  });

  it('refuses a second mock on a store file that a running one holds', async () => {
    const cwd = cli.newDir();
    const { mock } = await cli.start([], cwd);
    const exit = await cli.run(['start', '--port', '0'], cwd);
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toContain(`is in use by another tt-baas-mock (process ${mock.child.pid})`);
    expect(readFileSync(join(cwd, `${DB}.lock`), 'utf8')).toBe(String(mock.child.pid));
  });

  const badFlags: [string[], Record<string, string>, RegExp][] = [
    [['--port', 'abc'], {}, /--port.*abc.*whole number/],
    [['--port', '70000'], {}, /--port must be a whole number from 0 to 65535, got 70000/],
    [['--log', 'loud'], {}, /--log.*loud.*pretty, json, quiet/],
    [['--session-ttl', '5'], {}, /--session-ttl must be a whole number from 31 to/],
    [['--scrypt-cost', '1000'], {}, /--scrypt-cost must be a power of two/],
    [[], { TT_BAAS_MOCK_PORT: 'abc' }, /--port.*TT_BAAS_MOCK_PORT.*invalid/],
    [[], { TT_BAAS_MOCK_CODE_TTL: '0' }, /--code-ttl \(from TT_BAAS_MOCK_CODE_TTL\) must be a whole number from 1/],
    [[], { TT_BAAS_MOCK_IN_MEMORY: 'maybe' }, /TT_BAAS_MOCK_IN_MEMORY must be true or false/],
  ];
  it.each(badFlags)('refuses %j %j, naming the option', async (args, env, message) => {
    const cwd = cli.newDir();
    const exit = await cli.run(['start', ...args], cwd, env);
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toMatch(message);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('takes its options from TT_BAAS_MOCK_* variables and lists them in --help', async () => {
    const cwd = cli.newDir();
    const mock = cli.spawn(['start'], cwd, { TT_BAAS_MOCK_PORT: '0', TT_BAAS_MOCK_LOG: 'json', TT_BAAS_MOCK_IN_MEMORY: '1' });
    const listening = JSON.parse(await mock.waitForLine(/"type":"listening"/)) as { url: string; store: string };
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(listening.store).toBe('in memory');
    await fetch(`${listening.url}/__mock/health`);
    const line = JSON.parse(await mock.waitForLine(/"type":"request"/)) as Record<string, unknown>;
    expect(line).toMatchObject({ method: 'GET', path: '/__mock/health', status: 200, op: 'health' });

    const help = await cli.run(['start', '--help'], cwd);
    expect(help.code).toBe(0);
    for (const name of ['PORT', 'HOST', 'DB', 'IN_MEMORY', 'FIXTURES', 'RESET', 'IMPORT', 'LOG', 'CODE_TTL', 'SESSION_TTL', 'STRICT_CLIENTS', 'SCRYPT_COST', 'BODY_LIMIT']) {
      expect(help.stdout).toContain(`TT_BAAS_MOCK_${name}`);
    }
  });

  it('prints the package version with --version', async () => {
    const exit = await cli.run(['--version'], cli.newDir());
    expect(exit.code).toBe(0);
    expect(exit.stdout.trim()).toBe(VERSION);
  });

  it('writes no file with --in-memory', async () => {
    const cwd = cli.newDir();
    const { mock, url } = await cli.start(['--in-memory'], cwd);
    expect((await importDocument(url, changedDocument())).status).toBe(200);
    expect((await mock.stop()).code).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints one JSON line per request with --log json', async () => {
    const cwd = cli.newDir();
    const { mock, url } = await cli.start(['--log', 'json', '--in-memory'], cwd);
    await fetch(`${url}/__mock/health`);
    await fetch(`${url}/__mock/clients`);
    await fetch(`${url}/__mock/no-such-route`);
    await mock.waitForLine(/no-such-route/);
    const exit = await mock.stop();
    expect(exit.code).toBe(0);

    const lines = exit.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.type === 'request');
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/__mock/health', 200],
      ['GET', '/__mock/clients', 200],
      ['GET', '/__mock/no-such-route', 404],
    ]);
    for (const r of requests) expect(r).toMatchObject({ time: expect.any(String), ms: expect.any(Number) });
  });

  it('prints no request lines with --log quiet', async () => {
    const cwd = cli.newDir();
    const { mock, url } = await cli.start(['--log', 'quiet', '--in-memory'], cwd);
    await fetch(`${url}/__mock/health`);
    await fetch(`${url}/__mock/no-such-route`);
    const exit = await mock.stop();
    expect(exit.code).toBe(0);
    expect(exit.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/listening on/)]);
  });

  it('answers a request in flight when stopped, then exits 0 with its change in the store', async () => {
    const cwd = cli.newDir();
    const { mock, url } = await cli.start([], cwd);
    const body = JSON.stringify(changedDocument());
    const { port } = new URL(url);

    // Expect: 100-continue makes the mock say it has the request before the body is sent, so the
    // signal certainly arrives while the request is being handled.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/__mock/import',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
      });
      req.on('continue', () => {
        mock.child.kill('SIGTERM');
        void mock.waitForLine(/SIGTERM: stopping/).then(() => req.end(body));
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });

    const res = await answer;
    expect(res.status).toBe(200);
    const exit = await mock.exited;
    expect(exit.code).toBe(0);
    expect(readStore(cwd).people.dave?.nickName).toBe('Dave');
  });

  it('stops at once on a second signal, and the next start has every answered change', async () => {
    const cwd = cli.newDir();
    const first = await cli.start([], cwd);
    const doc = changedDocument();
    doc.tenants.cijob = { clientId: 'cijob', envId: '', nextUserId: 2, users: {}, passwords: {}, revoked: {}, outbox: {}, smsCodes: {} };
    expect((await importDocument(first.url, doc)).status).toBe(200);
    // Unlike an import, this change is only in the change log until the next compaction.
    const reset = await fetch(`${first.url}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"client_id":"cijob"}' });
    expect(reset.status).toBe(200);

    // A request that never completes keeps the first stop waiting.
    const { port } = new URL(first.url);
    const stuck = request({ host: '127.0.0.1', port, method: 'POST', path: '/__mock/import', headers: { 'content-length': '100', expect: '100-continue' } });
    stuck.on('error', () => {});
    await new Promise((resolve) => {
      stuck.on('continue', resolve);
      stuck.flushHeaders();
    });
    first.mock.child.kill('SIGTERM');
    await first.mock.waitForLine(/SIGTERM: stopping/);
    const exit = await first.mock.stop('SIGINT');
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('SIGINT: stopping now');

    const second = await cli.start([], cwd);
    const exported = (await (await fetch(`${second.url}/__mock/export`)).json()) as Data;
    expect(exported.people.dave?.nickName).toBe('Dave');
    // A reset client keeps an empty tenant with a new epoch, so its old tokens stay dead.
    expect(exported.tenants.cijob).toMatchObject({ users: {}, epoch: expect.any(String) });
  });
});
