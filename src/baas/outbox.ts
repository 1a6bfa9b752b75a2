import { randomBytes } from 'node:crypto';
import type { OutboxItem, Tenant } from '../store/schema.js';
import type { Writer } from '../store/writer.js';

/**
 * The mock sends no SMS and no email: each message goes into its tenant's outbox, where tests and the
 * developer read it (GET /__mock/outbox), as the contract asks for mails (E10).
 */
export function deliver(w: Writer, tenantKey: string, nowMs: number, message: Omit<OutboxItem, 'id' | 'sentAt'>): OutboxItem {
  const item: OutboxItem = { id: `${nowMs.toString(36)}-${randomBytes(6).toString('hex')}`, ...message, sentAt: nowMs };
  w.putOutbox(tenantKey, item);
  return item;
}

/**
 * A tenant's messages, newest first, optionally only those to one address or phone. Messages sent in
 * the same millisecond keep the order they were sent in.
 */
export function listOutbox(tenant: Pick<Tenant, 'outbox'> | undefined, filter: { to?: string | undefined; limit: number }): OutboxItem[] {
  if (!tenant) return [];
  const to = filter.to?.toLowerCase();
  const items = Object.values(tenant.outbox)
    .reverse()
    .filter((m) => to === undefined || m.to.toLowerCase() === to);
  return items.sort((a, b) => b.sentAt - a.sentAt).slice(0, filter.limit);
}
