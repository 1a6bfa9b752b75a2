import type { HostApp, UserRecord } from '../store/schema.js';

// The page's script formats the same values the same way (client/core.ts), so a refresh changes nothing.

/** Mock time in UTC, to the second: the clock moves with POST /__mock/clock, so it is not the wall clock. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** Journal times: the time of day, to the millisecond. */
export const formatClockTime = (iso: string): string => iso.slice(11, 23);

/** The labels of the host apps a 知晓云 user is linked to (their `_provider` keys, contract F). */
export function linkedHosts(user: UserRecord, hostApps: Record<string, HostApp>): string[] {
  const byProvider = new Map(Object.entries(hostApps).map(([key, h]) => [h.provider, h.label ?? key]));
  return Object.keys(user._provider ?? {}).map((provider) => byProvider.get(provider) ?? provider);
}

export const effectText = (effect: string | Record<string, unknown>): string => (typeof effect === 'string' ? effect : JSON.stringify(effect));

export const matchText = (match: Record<string, string> | undefined): string =>
  Object.entries(match ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/** `1 of 1 left`, `spent`, `always`. */
export function timesText(rule: { times: number | null; remaining: number | null; fired: number }): string {
  if (rule.times === null) return `always · fired ${rule.fired}`;
  return rule.remaining === 0 ? `spent · fired ${rule.fired}` : `${rule.remaining} of ${rule.times} left`;
}

export const yesNo = (v: unknown): string => (v ? 'yes' : 'no');

/** The status column of the journal: no status means the fault left the request without an answer. */
export const statusText = (status: number | null): string => (status === null ? 'no answer' : String(status));

export const statusClass = (status: number | null): string => (status === null || status >= 400 ? 'bad' : 'good');
