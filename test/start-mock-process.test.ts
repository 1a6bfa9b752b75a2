import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A bound against a process that never ends, not a measured time. */
const PATIENCE_MS = 15_000;

/**
 * A test runner's process, as users write it: the built package imported by name, a mock started,
 * used (a fake tt login, and a request the mock holds on purpose), and closed. It must then end by
 * itself: no timer, socket or store handle left open.
 */
const SCRIPT = `
import { startMock } from 'tt-baas-mock';
import { createTt } from 'tt-baas-mock/tt';

const mock = await startMock();
const tt = createTt({ url: mock.url, clientId: mock.clientId });
const login = await new Promise((resolve) => tt.login({ complete: resolve }));

mock.faults.add('silent-login=timeout');
const held = new Promise((resolve) => tt.request({
  url: mock.url + '/hserve/v2.5/idp/bytedance/silent-login/',
  method: 'POST',
  header: { 'X-Hydrogen-Client-ID': mock.clientId },
  data: {},
  complete: resolve,
}));
while (mock.faults.list()[0].fired === 0) await new Promise((resolve) => setTimeout(resolve, 10));

await mock.close();
const answer = await held;
console.log(JSON.stringify({ login: login.errMsg, held: answer.errMsg }));
`;

function runNode(script: string): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, PATIENCE_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

describe('startMock in a process of its own', () => {
  it('leaves nothing open after close(): the process ends by itself', async () => {
    for (const file of ['dist/index.js', 'dist/tt/index.js']) {
      if (!existsSync(`${ROOT}/${file}`)) throw new Error(`${file} is missing: run npm run build first`);
    }
    const run = await runNode(SCRIPT);
    expect(run).toMatchObject({ killed: false, code: 0, stderr: '' });
    const result = JSON.parse(run.stdout.trim()) as { login: string; held: string };
    expect(result.login).toBe('login:ok');
    // The held request was let go when the mock closed: the device saw its connection end.
    expect(result.held).toMatch(/^request:fail /);
  }, PATIENCE_MS + 5_000);
});
