import { html } from 'hono/html';
import { effectText, matchText, timesText } from './format.js';
import type { DashboardState } from './state.js';
import { EFFECT_SUGGESTIONS, FAULT_SWITCHES, type FaultSwitch } from './switches.js';

type Rule = DashboardState['rules'][number];

const isOn = (sw: FaultSwitch, rules: Rule[]) => sw.rules.some((r) => rules.some((a) => a.id === r.id && !a.spent));

const switchButton = (sw: FaultSwitch, rules: Rule[]) =>
  html`<button type="button" class="switch" aria-pressed="${isOn(sw, rules) ? 'true' : 'false'}" title="${sw.hint}" data-rules="${JSON.stringify(sw.rules)}">${sw.label}</button>`;

const ruleRow = (r: Rule) =>
  html`<tr class="${r.spent ? 'spent' : ''}" data-rule-id="${r.id}">
    <td><code>${r.id}</code></td><td>${r.operation}</td><td>${matchText(r.match)}</td><td>${effectText(r.effect)}</td><td>${timesText(r)}</td>
    <td><button type="button" class="small" data-remove-rule="${r.id}">Remove</button></td>
  </tr>`;

const options = (values: string[], selected?: string) => values.map((v) => html`<option value="${v}" ${v === selected ? 'selected' : ''}>${v}</option>`);

/** The switches, the form for a rule, and the active rules. */
export function faultsSection(s: DashboardState) {
  const rows = s.rules.length ? s.rules.map(ruleRow) : html`<tr class="empty"><td colspan="6">No fault rules: every request is answered normally.</td></tr>`;
  return html`<section class="panel" id="faults-panel" aria-labelledby="faults-title">
    <h2 id="faults-title">Faults</h2>
    <div class="switches" id="switches">${FAULT_SWITCHES.map((sw) => switchButton(sw, s.rules))}</div>
    <form id="fault-form" class="grid-form" autocomplete="off">
      <label>Operation <select name="operation">${options(['*', ...s.operations], 'silent-login')}</select></label>
      <label>Effect <input name="effect" list="effect-list" value="404" required></label>
      <label>Times <input name="times" list="times-list" value="once"></label>
      <label>Client <select name="client_id"><option value="">any</option>${options(s.clients.map((c) => c.client_id))}</select></label>
      <label>Host app <select name="app_name"><option value="">any</option>${options(Object.keys(s.hostApps))}</select></label>
      <label>Person <select name="person"><option value="">any</option>${options(s.people.map((p) => p.name))}</select></label>
      <button type="submit">Add rule</button>
      <datalist id="effect-list">${options(EFFECT_SUGGESTIONS)}</datalist>
      <datalist id="times-list">${options(['once', 'twice', 'always', '3'])}</datalist>
    </form>
    <p class="error" id="fault-error" role="alert"></p>
    <div class="scroll short"><table>
      <thead><tr><th>ID</th><th>Operation</th><th>Match</th><th>Effect</th><th>Times</th><th></th></tr></thead>
      <tbody id="rules-body">${rows}</tbody>
    </table></div>
    <button type="button" id="faults-clear" class="small">Clear all rules</button>
  </section>`;
}
