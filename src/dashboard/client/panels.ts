/** Rebuilds each panel from the control API's JSON, in the same rows the server renders first. */
export const PANELS_JS = String.raw`
let highlighted = null;
let detailId = null;

function renderClients(clients, tenants) {
  if (!changed('clients', [clients, tenants])) return;
  fill($('clients-body'), clients.map((c) => h('tr', { class: c.client_id === tenant.client ? 'selected' : null }, [
    h('td', null, [h('code', null, [c.client_id])]), td(c.name), h('td', null, [h('code', null, [c.appid])]),
    h('td', null, [h('code', null, [c.secret])]), td(c.derived ? 'derived from the ID' : 'fixtures'),
  ])), 5, 'No clients.');
  const current = tenant.env ? tenant.client + '@' + tenant.env : tenant.client;
  const options = [];
  for (const c of clients) {
    const name = c.name ? c.name + ' · ' : '';
    options.push(h('option', { value: c.client_id, selected: c.client_id === current }, [name + c.client_id]));
    for (const t of tenants) {
      if (t.client_id !== c.client_id || !t.env_id) continue;
      const value = c.client_id + '@' + t.env_id;
      options.push(h('option', { value, selected: value === current }, [name + c.client_id + ' · env ' + t.env_id]));
    }
  }
  $('tenant').replaceChildren(...options);
  $('tenant').value = current;
  const clientSelect = document.querySelector('#fault-form [name=client_id]');
  keepValue(clientSelect, [['', 'any']].concat(clients.map((c) => [c.client_id, c.client_id])));
}

/** Replaces a select's options and keeps its choice when that option still exists. */
function keepValue(select, pairs) {
  const value = select.value;
  select.replaceChildren(...pairs.map(([v, label]) => h('option', { value: v }, [label])));
  if (pairs.some(([v]) => v === value)) select.value = value;
}

function renderPeople(d) {
  view.hostApps = d.host_apps;
  view.people = d.people;
  if (!changed('people', d)) return;
  const hosts = Object.keys(d.host_apps);
  $('people-head').replaceChildren(h('th', null, ['Person']), h('th', null, ['Nickname']),
    ...hosts.map((k) => h('th', null, [hostLabel(k) + ' ', h('span', { class: 'muted' }, [k])])));
  fill($('people-body'), d.people.map((p) => h('tr', { 'data-person': p.name }, [td(p.name), td(p.nickName), ...hosts.map((k) => {
    const on = (p.loggedInto || []).includes(k);
    const openid = (p.identities[k] || {}).openid || '';
    return h('td', null, [h('span', { class: on ? 'login on' : 'login' }, [on ? 'logged in' : 'not logged in']), h('code', { class: 'id' }, [openid])]);
  })])), 2 + hosts.length, 'No people in the fixtures.');
  fill($('hosts-body'), hosts.map((k) => h('tr', null, [h('td', null, [h('code', null, [k])]), td(d.host_apps[k].label),
    td(d.host_apps[k].appName), h('td', null, [h('code', null, [d.host_apps[k].provider])])])), 4, 'No host apps.');
  keepValue($('try-person'), d.people.map((p) => [p.name, p.nickName + ' (' + p.name + ')']));
  keepValue($('try-host'), hosts.map((k) => [k, hostLabel(k) + ' (' + k + ')']));
  keepValue(document.querySelector('#fault-form [name=person]'), [['', 'any']].concat(d.people.map((p) => [p.name, p.name])));
  keepValue(document.querySelector('#fault-form [name=app_name]'), [['', 'any']].concat(hosts.map((k) => [k, k])));
}

function renderUsers(d) {
  view.users = d.users;
  if (detailId !== null) renderDetail();
  if (!changed('users', [d, highlighted, view.hostApps])) return;
  $('users-count').textContent = d.total > d.users.length ? 'first ' + d.users.length + ' of ' + d.total : String(d.total);
  fill($('users-body'), d.users.map((u) => h('tr', { 'data-user-id': u.id, class: u.id === highlighted ? 'highlight' : null }, [
    h('td', null, [h('button', { type: 'button', class: 'link', 'data-user': u.id }, [u.id])]),
    td(u.nickname), td(u._username), td(u._email), td(u._phone), td(linkedHosts(u).join(', ')), td(yesNo(u.is_authorized)), td(yesNo(u._anonymous)),
  ])), 8, 'No users yet. Run a login in “Try it”.');
}

function sessionRow(s, withUser) {
  const state = s.state || (toMs(s.expires_at) <= view.now ? 'expired' : 'live');
  const cells = [td(s.method), td(fmtTime(s.created_at)), td(fmtTime(s.expires_at)), h('td', null, [h('span', { class: 'session-' + state }, [state])]),
    h('td', null, [h('code', null, [s.token_hint])])];
  if (withUser) cells.unshift(h('td', null, [h('button', { type: 'button', class: 'link', 'data-user': s.user_id }, [s.user_id])]));
  return h('tr', null, cells);
}

// The sessions listing may be missing from an older mock: the panel says so instead of failing.
function renderSessions(r) {
  view.sessions = r.ok && r.data && Array.isArray(r.data.sessions) ? r.data.sessions : null;
  if (detailId !== null) renderDetail();
  if (!changed('sessions', [r.status, r.data])) return;
  const listed = view.sessions !== null;
  $('sessions-count').textContent = listed ? String(view.sessions.length) : '';
  const why = r.status === 404 ? 'This mock does not list sessions (GET /__mock/sessions answers 404).' : errorText(r);
  fill($('sessions-body'), listed ? view.sessions.map((s) => sessionRow(s, true)) : [], 6, listed ? 'No sessions.' : why);
}

function renderDetail() {
  const user = (view.users || []).find((u) => String(u.id) === detailId);
  $('detail-id').textContent = detailId;
  const gone = view.users === null ? 'Loading…' : 'No such user in this client any more (reset, or another client is selected).';
  $('detail-record').textContent = user ? JSON.stringify(user, null, 2) : gone;
  const mine = (view.sessions || []).filter((s) => String(s.user_id) === detailId);
  fill($('detail-sessions'), mine.map((s) => sessionRow(s, false)), 5, view.sessions === null ? 'Sessions are not listed by this mock.' : 'No sessions.');
}

function switchRules(button) { return JSON.parse(button.dataset.rules); }
const isOn = (button) => switchRules(button).some((r) => view.rules.some((a) => a.id === r.id && !a.spent));

function renderFaults(d) {
  view.rules = d.rules;
  if (!changed('faults', d.rules)) return;
  fill($('rules-body'), d.rules.map((r) => h('tr', { class: r.spent ? 'spent' : null, 'data-rule-id': r.id }, [
    h('td', null, [h('code', null, [r.id])]), td(r.operation), td(matchText(r.match)), td(effectText(r.effect)), td(timesText(r)),
    h('td', null, [h('button', { type: 'button', class: 'small', 'data-remove-rule': r.id }, ['Remove'])]),
  ])), 6, 'No fault rules: every request is answered normally.');
  for (const b of document.querySelectorAll('#switches .switch')) b.setAttribute('aria-pressed', String(isOn(b)));
}

function renderOutbox(d) {
  if (!changed('outbox', d.messages)) return;
  fill($('outbox-body'), d.messages.map((m) => h('tr', null, [td(fmtTime(m.sent_at)), td(m.kind), td(m.to), td(m.purpose),
    h('td', null, [h('code', null, [m.code || ''])]), h('td', { class: 'wrap' }, [m.text, m.link ? h('br') : null, m.link ? h('code', null, [m.link]) : null]),
  ])), 6, 'No messages sent.');
}

function renderJournal(requests) {
  if (!changed('journal', requests)) return;
  fill($('journal-body'), requests.map((e) => h('tr', { class: e.fault ? 'fired' : null, 'data-seq': e.seq }, [
    td(e.time.slice(11, 23)),
    h('td', null, [e.method + ' ', h('code', null, [e.path]), e.fault ? h('span', { class: 'fault' }, ['fault ' + e.fault.rule + ': ' + effectText(e.fault.effect) + (e.fault.via ? ' via ' + e.fault.via : '')]) : null]),
    td(e.operation), td(e.person), h('td', null, [h('span', { class: 'status ' + statusClass(e.status) }, [statusText(e.status)])]),
  ])), 5, 'No requests yet.');
}
`;
