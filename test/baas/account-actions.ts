import { DEMO, expectStatus, hserve, type TestMock } from '../helpers.js';

export type Login = { token: string; expires_in: number; user_id: number; [field: string]: unknown };
type Opts = { clientId?: string; envId?: string; token?: string };

/** Signs up with a username, email or phone and a password; expects 201. */
export async function registers(t: TestMock, kind: 'username' | 'email' | 'phone', name: string, password = 'secret-1', opts: Opts = {}): Promise<Login> {
  return expectStatus(await hserve(t, 'POST', `/hserve/v2.1/register/${kind}/`, { [kind]: name, password }, opts), 201);
}

/** Logs in with a password; expects 201. */
export async function logsIn(t: TestMock, kind: 'username' | 'email' | 'phone', name: string, password: string, opts: Opts = {}): Promise<Login> {
  return expectStatus(await hserve(t, 'POST', `/hserve/v2.1/login/${kind}/`, { [kind]: name, password }, opts), 201);
}

/** Logs in as a new anonymous user; expects 201. */
export async function logsInAnonymously(t: TestMock, opts: Opts = {}): Promise<Login> {
  return expectStatus(await hserve(t, 'POST', '/hserve/v2.0/login/anonymous/', {}, opts), 201);
}

export interface SentMessage {
  kind: 'sms' | 'email';
  purpose: string;
  to: string;
  code: string | null;
  link: string | null;
  text: string;
}

/** What the mock "sent" to an address or phone, newest first. */
export async function outboxOf(t: TestMock, to: string, clientId: string = DEMO.clientId, envId = ''): Promise<SentMessage[]> {
  const q = new URLSearchParams({ client_id: clientId, env_id: envId, to });
  const body = await expectStatus(await t.request(`/__mock/outbox?${q}`), 200);
  return body.messages;
}

/** Sends an SMS code to a phone and returns it, read from the outbox. */
export async function smsCodeFor(t: TestMock, phone: string, opts: Opts = {}): Promise<string> {
  await expectStatus(await hserve(t, 'POST', '/hserve/v2.2/sms-verification-code/', { phone }, opts), 200);
  const [latest] = await outboxOf(t, phone, opts.clientId, opts.envId);
  return latest!.code!;
}

/** The seeded users of the fixtures. */
export const SEEDED = {
  username: { id: 310000000000001, username: 'ifanrx', password: '111111' },
  email: { id: 310000000000002, email: 'ifanrx@ifanr.com', password: 'ifanrx123' },
} as const;
