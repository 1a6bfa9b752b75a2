import { Logger, type RequestLine } from '../../src/log.js';
import { resolveOptions } from '../../src/options.js';
import { startServer, type RunningMock } from '../../src/server.js';

/** A logger that keeps the request lines, so a test can see what the SDK really sent (preflights included). */
class RecordingLogger extends Logger {
  readonly lines: RequestLine[] = [];
  // Quiet on the terminal, yet handed every request line.
  override readonly logsRequests = true;
  constructor() {
    super('quiet');
  }
  override request(r: RequestLine): void {
    this.lines.push(r);
  }
}

export interface RecordedMock {
  mock: RunningMock;
  clientId: string;
  /** Every request the mock answered since the last `clear()`. */
  requests(): readonly RequestLine[];
  clear(): void;
}

/** The real server on a free port over a memory store, as a developer's test runner would start it. */
export async function startRecordedMock(): Promise<RecordedMock> {
  const log = new RecordingLogger();
  const mock = await startServer(resolveOptions({ db: null, port: 0, log: 'quiet' }), log);
  if (!mock.demo) throw new Error('the shipped fixtures have no demo client');
  return {
    mock,
    clientId: mock.demo.clientId,
    requests: () => log.lines,
    clear: () => log.lines.splice(0),
  };
}

/** The fixture accounts (fixtures/default.json). */
export const FIXTURE_USERNAME = { username: 'ifanrx', password: '111111' } as const;
export const FIXTURE_EMAIL = { email: 'ifanrx@ifanr.com', password: 'ifanrx123' } as const;

/** A `GET /hserve/v2.5/user/info/<id>/` as the SDK sends it, for checks from outside the page. */
export function fetchUser(m: RecordedMock, userId: number, token: string): Promise<Response> {
  return fetch(`${m.mock.url}/hserve/v2.5/user/info/${userId}/`, {
    headers: { 'X-Hydrogen-Client-ID': m.clientId, Authorization: `Hydrogen-r1 ${token}` },
  });
}

/** A password login sent straight to the mock, to read the error body the SDK turns into an HError. */
export async function rawLogin(m: RecordedMock, kind: 'username' | 'email', body: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${m.mock.url}/hserve/v2.1/login/${kind}/`, {
    method: 'POST',
    headers: { 'X-Hydrogen-Client-ID': m.clientId, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
