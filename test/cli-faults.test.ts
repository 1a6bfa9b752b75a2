import { describe, expect, it } from 'vitest';
import { useMockProcesses } from './store/mock-process.js';

const cli = useMockProcesses();

const loginCode = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${url}/__mock/bytedance/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ client_id: '7f2c5a9e1b3d4c6e8a0f', host: 'douyin', person: 'alice' }),
  });
  return ((await res.json()) as { code: string }).code;
};

const silentLogin = (url: string, code: string) =>
  fetch(`${url}/hserve/v2.5/idp/bytedance/silent-login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Hydrogen-Client-ID': '7f2c5a9e1b3d4c6e8a0f' },
    body: JSON.stringify({ code, app_name: 'douyin', create_user: true }),
  });

describe('tt-baas-mock start --fault', () => {
  it('makes the next silent login answer 404 once, then lets it through', async () => {
    const { url } = await cli.start(['--in-memory', '--log', 'quiet', '--fault', 'silent-login=404:once'], cli.newDir());
    expect((await silentLogin(url, await loginCode(url))).status).toBe(404);
    expect((await silentLogin(url, await loginCode(url))).status).toBe(201);
  });

  it('refuses a rule it cannot parse, naming it, before starting', async () => {
    const exit = await cli.run(['start', '--port', '0', '--in-memory', '--fault', 'silent-login=teapot'], cli.newDir());
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toMatch(/silent-login=teapot/);
  });
});

describe('tt-baas-mock fault', () => {
  it('adds, lists and clears rules on a running mock guarded by a control token', async () => {
    const dir = cli.newDir();
    const { url } = await cli.start(['--in-memory', '--log', 'quiet', '--control-token', 'token-for-tests'], dir);
    const refused = await cli.run(['fault', 'list', '--url', url], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/control token/);

    const env = { TT_BAAS_MOCK_CONTROL_TOKEN: 'token-for-tests' };
    const added = await cli.run(['fault', 'add', 'silent-login=status:503:once', '--url', url, '--person', 'alice'], dir, env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/added f1 silent-login=status:503/);
    expect((await cli.run(['fault', 'list', '--url', url], dir, env)).stdout).toMatch(/person=alice/);

    const code = await loginCode(url, { authorization: 'Bearer token-for-tests' });
    expect((await silentLogin(url, code)).status).toBe(503);

    expect((await cli.run(['fault', 'clear', '--url', url], dir, env)).stdout).toMatch(/removed 1 rule/);
    expect((await cli.run(['fault', 'list', '--url', url], dir, env)).stdout).toMatch(/no fault rules/);
  });
});
