import type { Deps } from '../context.js';
import { listOutbox } from '../baas/outbox.js';
import { activeRuleToJson } from '../faults/engine.js';
import type { JournalEntry } from '../faults/journal.js';
import { FAULT_OPERATIONS } from '../faults/operations.js';
import { identitiesOf } from '../openplatform/identities.js';
import { isTenantId, tenantKey, type HostApp, type OutboxItem, type Person, type UserRecord } from '../store/schema.js';

/** One 知晓云 client and environment that holds data, as GET /__mock/tenants lists it. */
export interface TenantSummary {
  client_id: string;
  env_id: string;
  users: number;
  outbox: number;
}

export interface ClientView {
  client_id: string;
  name: string | null;
  appid: string;
  secret: string;
  derived: boolean;
}

export interface PersonView extends Person {
  name: string;
  identities: Record<string, { openid: string; unionid: string }>;
}

/** Everything the page shows when it is first served; the script then refreshes it from the control API. */
export interface DashboardState {
  now: number;
  clients: ClientView[];
  tenants: TenantSummary[];
  /** The client and environment the tenant panels show; null when the store has no client at all. */
  selected: { clientId: string; envId: string } | null;
  hostApps: Record<string, HostApp>;
  people: PersonView[];
  users: UserRecord[];
  usersTotal: number;
  outbox: ReturnType<typeof outboxView>[];
  rules: ReturnType<typeof activeRuleToJson>[];
  operations: string[];
  requests: JournalEntry[];
}

/** How many rows each panel shows at first; the page says when there are more. */
export const PAGE_ROWS = { users: 100, outbox: 50, requests: 50 } as const;

export function listTenants(deps: Deps): TenantSummary[] {
  return Object.values(deps.store.data.tenants)
    .map((t) => ({ client_id: t.clientId, env_id: t.envId, users: t.users.size, outbox: Object.keys(t.outbox).length }))
    .sort((a, b) => a.client_id.localeCompare(b.client_id) || a.env_id.localeCompare(b.env_id));
}

/** The same list as GET /__mock/clients: the fixtures' clients, those with data, and derived ones seen. */
export function listClients(deps: Deps): ClientView[] {
  const { store, platform } = deps;
  const ids = new Set([...Object.keys(store.data.clients), ...Object.values(store.data.tenants).map((t) => t.clientId), ...platform.derivedClientIds()]);
  const out: ClientView[] = [];
  for (const id of ids) {
    const app = platform.appOfClient(id);
    if (app) out.push({ client_id: id, name: store.client(id)?.name ?? null, appid: app.appid, secret: app.secret, derived: app.derived });
  }
  return out;
}

/**
 * The tenant named in the page address, if the mock knows that client; otherwise the first client.
 * Only listed clients are accepted, so opening a page never registers a new derived client.
 */
export function selectTenant(clients: ClientView[], clientId: string | undefined, envId: string | undefined): DashboardState['selected'] {
  const known = clients.find((c) => c.client_id === clientId) ?? clients[0];
  if (!known) return null;
  const env = known.client_id === clientId && envId && isTenantId(envId) ? envId : '';
  return { clientId: known.client_id, envId: env };
}

export function readState(deps: Deps, query: { client?: string | undefined; env?: string | undefined }): DashboardState {
  const { store, platform, faults, journal, clock } = deps;
  const clients = listClients(deps);
  const selected = selectTenant(clients, query.client, query.env);
  const tenant = selected ? store.tenant(tenantKey(selected.clientId, selected.envId)) : undefined;
  const users = selected ? store.usersById(tenantKey(selected.clientId, selected.envId), 0, PAGE_ROWS.users) : { total: 0, users: [] };
  const app = selected ? platform.appOfClient(selected.clientId) : undefined;
  const hostApps = store.data.hostApps;
  const people = Object.entries(store.data.people).map(([name, p]) => ({
    name,
    ...p,
    identities: Object.fromEntries(
      Object.keys(hostApps).map((host) => [host, app ? identitiesOf(platform.seed, { appid: app.appid, host, person: name, developer: app.developer }) : { openid: '', unionid: '' }]),
    ),
  }));
  return {
    now: clock.now(),
    clients,
    tenants: listTenants(deps),
    selected,
    hostApps,
    people,
    users: users.users,
    usersTotal: users.total,
    outbox: listOutbox(tenant, { limit: PAGE_ROWS.outbox }).map(outboxView),
    rules: faults.list().map(activeRuleToJson),
    operations: Object.keys(FAULT_OPERATIONS),
    requests: journal.list({ limit: PAGE_ROWS.requests }),
  };
}

/** The wire shape of GET /__mock/outbox. */
function outboxView(m: OutboxItem) {
  return { id: m.id, kind: m.kind, purpose: m.purpose, to: m.to, code: m.code ?? null, link: m.link ?? null, text: m.text, sent_at: m.sentAt };
}
