import { html } from 'hono/html';
import type { HostApp, UserRecord } from '../store/schema.js';
import { linkedHosts, yesNo } from './format.js';
import type { DashboardState } from './state.js';

const USER_COLUMNS = ['ID', 'Nickname', 'Username', 'Email', 'Phone', 'Host apps', 'Authorized', 'Anonymous'];

function userRow(u: UserRecord, hostApps: Record<string, HostApp>) {
  return html`<tr data-user-id="${u.id}">
    <td><button type="button" class="link" data-user="${u.id}">${u.id}</button></td>
    <td>${u.nickname ?? ''}</td>
    <td>${u._username ?? ''}</td>
    <td>${u._email ?? ''}</td>
    <td>${u._phone ?? ''}</td>
    <td>${linkedHosts(u, hostApps).join(', ')}</td>
    <td>${yesNo(u.is_authorized)}</td>
    <td>${yesNo(u._anonymous)}</td>
  </tr>`;
}

const empty = (columns: number, text: string) => html`<tr class="empty"><td colspan="${columns}">${text}</td></tr>`;

/** The 知晓云 users of the selected client, the detail of one, and the sessions. */
export function usersSection(s: DashboardState) {
  const rows = s.users.length ? s.users.map((u) => userRow(u, s.hostApps)) : empty(USER_COLUMNS.length, 'No users yet. Run a login in “Try it”.');
  const more = s.usersTotal > s.users.length ? `first ${s.users.length} of ${s.usersTotal}` : String(s.usersTotal);
  return html`<section class="panel" id="users-panel" aria-labelledby="users-title">
    <h2 id="users-title">知晓云 users <span class="count" id="users-count">${more}</span></h2>
    <div class="scroll"><table>
      <thead><tr>${USER_COLUMNS.map((c) => html`<th>${c}</th>`)}</tr></thead>
      <tbody id="users-body">${rows}</tbody>
    </table></div>
  </section>
  <section class="panel" id="user-detail" aria-labelledby="detail-title" hidden>
    <h2 id="detail-title">User <span id="detail-id"></span> <button type="button" id="detail-close" class="small">Close</button></h2>
    <pre id="detail-record"></pre>
    <h3>Sessions of this user</h3>
    <table><thead><tr><th>Method</th><th>Created</th><th>Expires</th><th>State</th><th>Token</th></tr></thead><tbody id="detail-sessions"></tbody></table>
  </section>
  <section class="panel" id="sessions-panel" aria-labelledby="sessions-title">
    <h2 id="sessions-title">Sessions <span class="count" id="sessions-count"></span></h2>
    <div class="scroll short"><table>
      <thead><tr><th>User</th><th>Method</th><th>Created</th><th>Expires</th><th>State</th><th>Token</th></tr></thead>
      <tbody id="sessions-body">${empty(6, 'Loading…')}</tbody>
    </table></div>
  </section>`;
}
