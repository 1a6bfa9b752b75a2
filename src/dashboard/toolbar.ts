import { html } from 'hono/html';
import { VERSION } from '../version.js';
import { formatTime } from './format.js';
import type { DashboardState } from './state.js';

export interface TenantOption {
  value: string;
  label: string;
}

/** Each client, and each environment of a client that holds data (`client@env`, as the store keys it). */
export function tenantOptions(s: Pick<DashboardState, 'clients' | 'tenants'>): TenantOption[] {
  const out: TenantOption[] = [];
  for (const c of s.clients) {
    const name = c.name ? `${c.name} · ` : '';
    out.push({ value: c.client_id, label: `${name}${c.client_id}` });
    for (const t of s.tenants) {
      if (t.client_id === c.client_id && t.env_id) out.push({ value: `${c.client_id}@${t.env_id}`, label: `${name}${c.client_id} · env ${t.env_id}` });
    }
  }
  return out;
}

/** The bar above the panels: which client the panels show, the mock's clock, and the resets. */
export function toolbar(s: DashboardState) {
  const current = s.selected ? (s.selected.envId ? `${s.selected.clientId}@${s.selected.envId}` : s.selected.clientId) : '';
  return html`<header class="top">
    <h1>tt-baas-mock <span class="muted">dashboard · v${VERSION}</span></h1>
    <label>Client <select id="tenant">${tenantOptions(s).map(
      (o) => html`<option value="${o.value}" ${o.value === current ? 'selected' : ''}>${o.label}</option>`,
    )}</select></label>
    <span class="clock">Mock time <time id="clock">${formatTime(s.now)}</time> UTC</span>
    <form id="clock-form" class="inline-form">
      <label>Advance <input id="clock-seconds" name="seconds" type="number" min="0" step="1" value="301" required> s</label>
      <button type="submit">Advance clock</button>
    </form>
    <span class="spacer"></span>
    <button type="button" id="reset-client">Reset this client</button>
    <button type="button" id="reset-all" class="danger">Reset everything</button>
  </header>
  <p id="notice" class="notice" role="status" hidden></p>`;
}
