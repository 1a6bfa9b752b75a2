import { html } from 'hono/html';
import type { DashboardState } from './state.js';

/**
 * A login through the mock in one click, with the requests a mini-program and the 知晓云 SDK would
 * send (contract C4): the fake tt.login, for an authorized login the fake tt.getUserInfo, then the
 * 知晓云 ByteDance login endpoint.
 */
export function tryItSection(s: DashboardState) {
  return html`<section class="panel" id="try-panel" aria-labelledby="try-title">
    <h2 id="try-title">Try it: log a person in through the mock</h2>
    <form id="try-form" class="inline-form" autocomplete="off">
      <label>Person <select name="person" id="try-person">${s.people.map(
        (p) => html`<option value="${p.name}">${p.nickName} (${p.name})</option>`,
      )}</select></label>
      <label>Host app <select name="host" id="try-host">${Object.entries(s.hostApps).map(
        ([key, h]) => html`<option value="${key}">${h.label ?? key} (${key})</option>`,
      )}</select></label>
      <button type="submit" name="kind" value="silent" id="try-silent">Silent login</button>
      <button type="submit" name="kind" value="authorized" id="try-authorized">Authorized login</button>
    </form>
    <p class="muted">Silent: <code>tt.login</code> → <code>silent-login</code>. Authorized: <code>tt.login</code> →
      <code>tt.getUserInfo</code> → <code>authenticate</code>. Both with <code>create_user: true</code>.</p>
    <ol id="try-steps" class="steps"></ol>
    <div id="try-result" class="result" hidden></div>
  </section>`;
}
