import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startMock, type MockServer } from '../src/index.js';
import { installTt } from '../src/tt/index.js';

// The README's "Use it in tests" example, with the page code filled in.
declare const tt: {
  login(o: { success(r: { code: string }): void; fail(e: unknown): void }): void;
  request(o: { url: string; method: string; data: unknown; header: Record<string, string>; success(r: { statusCode: number }): void; fail(e: unknown): void }): void;
};

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterEach(() => mock.reset());
afterAll(() => mock.close());

it('shows the sign-up page when the person has no account', async () => {
  mock.faults.add('silent-login=404:once');
  const { clientId } = mock.newClient();
  const uninstall = installTt({ url: mock.url, clientId, host: 'douyin', person: 'alice' });
  const status = await new Promise<number>((resolve, reject) =>
    tt.login({
      success: ({ code }) =>
        tt.request({
          url: `${mock.url}/hserve/v2.5/idp/bytedance/silent-login/`,
          method: 'POST',
          data: { code, app_name: 'douyin', create_user: false },
          header: { 'X-Hydrogen-Client-ID': clientId },
          success: (res) => resolve(res.statusCode),
          fail: reject,
        }),
      fail: reject,
    }),
  );
  uninstall();
  expect(status).toBe(404);
});
