import { html } from 'hono/html';
import type { HostApp } from '../store/schema.js';
import type { ClientView, DashboardState, PersonView } from './state.js';

function identityCell(p: PersonView, host: string) {
  const on = p.loggedInto.includes(host);
  return html`<td><span class="${on ? 'login on' : 'login'}">${on ? 'logged in' : 'not logged in'}</span><code class="id">${p.identities[host]?.openid ?? ''}</code></td>`;
}

function personRow(p: PersonView, hosts: string[]) {
  return html`<tr data-person="${p.name}"><td>${p.name}</td><td>${p.nickName}</td>${hosts.map((h) => identityCell(p, h))}</tr>`;
}

const hostHeader = (key: string, h: HostApp) => html`<th>${h.label ?? key} <span class="muted">${key}</span></th>`;

const clientRow = (c: ClientView, selected: string | undefined) =>
  html`<tr class="${c.client_id === selected ? 'selected' : ''}">
    <td><code>${c.client_id}</code></td><td>${c.name ?? ''}</td><td><code>${c.appid}</code></td><td><code>${c.secret}</code></td>
    <td>${c.derived ? 'derived from the ID' : 'fixtures'}</td>
  </tr>`;

const hostRow = (key: string, h: HostApp) =>
  html`<tr><td><code>${key}</code></td><td>${h.label ?? ''}</td><td>${h.appName}</td><td><code>${h.provider}</code></td></tr>`;

/** The fake people with their openid in each host app, and the clients with their ByteDance apps. */
export function peopleSection(s: DashboardState) {
  const hosts = Object.keys(s.hostApps);
  return html`<section class="panel" id="people-panel" aria-labelledby="people-title">
    <h2 id="people-title">People and their openid per host app</h2>
    <div class="scroll"><table class="people">
      <thead><tr id="people-head"><th>Person</th><th>Nickname</th>${hosts.map((h) => hostHeader(h, s.hostApps[h]!))}</tr></thead>
      <tbody id="people-body">${s.people.map((p) => personRow(p, hosts))}</tbody>
    </table></div>
  </section>
  <section class="panel" id="clients-panel" aria-labelledby="clients-title">
    <h2 id="clients-title">Clients and their ByteDance mini-programs</h2>
    <div class="scroll"><table>
      <thead><tr><th>知晓云 client ID</th><th>Name</th><th>appid</th><th>secret</th><th>From</th></tr></thead>
      <tbody id="clients-body">${s.clients.map((c) => clientRow(c, s.selected?.clientId))}</tbody>
    </table></div>
    <h3>Host apps</h3>
    <table>
      <thead><tr><th>Key (app_name)</th><th>Label</th><th>appName</th><th>_provider key</th></tr></thead>
      <tbody id="hosts-body">${hosts.map((h) => hostRow(h, s.hostApps[h]!))}</tbody>
    </table>
  </section>`;
}
