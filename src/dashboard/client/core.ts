/**
 * Browser code of the dashboard, shipped as text inside the page (no build step, no framework). The
 * parts of client/ are joined into one script in client/index.ts. Values reach the page only as
 * text nodes and attribute values, never as markup.
 */
export const CORE_JS = String.raw`
const TOKEN = new URLSearchParams(location.search).get('token');
const tenant = { client: document.body.dataset.client || '', env: document.body.dataset.env || '' };
// users and sessions stay null until the first answer arrives.
const view = { hostApps: {}, people: [], users: null, rules: [], sessions: null, now: Date.now() };
const $ = (id) => document.getElementById(id);

// Every call goes to the mock itself; control calls carry the control token when the page has one.
async function call(method, path, payload, headers) {
  const init = { method, headers: Object.assign({}, headers || {}) };
  if (TOKEN && path.startsWith('/__mock/')) init.headers.Authorization = 'Bearer ' + TOKEN;
  if (payload !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(payload);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    return { status: null, ok: false, data: 'no answer: ' + err.message };
  }
  const text = await res.text();
  let data = text;
  try { data = text ? JSON.parse(text) : null; } catch (err) { /* not JSON: keep the text */ }
  return { status: res.status, ok: res.ok, data };
}

function errorText(r) {
  const d = r.data;
  if (r.status === null) return String(d);
  if (d && d.mock && d.mock.error) return d.mock.error + (d.mock.hint ? ' (' + d.mock.hint + ')' : '');
  if (d && d.error_msg) return r.status + ': ' + d.error_msg;
  return 'HTTP ' + r.status;
}

/** An element with attributes and children; strings become text nodes. */
function h(tag, attrs, children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children || []) {
    if (c === null || c === undefined) continue;
    el.append(typeof c === 'object' ? c : String(c));
  }
  return el;
}

const td = (v) => h('td', null, [v === null || v === undefined ? '' : String(v)]);

/** Puts rows in a table body, or one row saying the list is empty. */
function fill(tbody, rows, columns, emptyText) {
  if (rows.length) tbody.replaceChildren(...rows);
  else tbody.replaceChildren(h('tr', { class: 'empty' }, [h('td', { colspan: columns }, [emptyText])]));
}

// Remembers what each panel last showed, so polling rebuilds a panel only when its data changed.
const shown = {};
function changed(key, data) {
  const text = JSON.stringify(data);
  if (shown[key] === text) return false;
  shown[key] = text;
  return true;
}

function notice(text, bad) {
  const n = $('notice');
  n.textContent = text;
  n.className = bad ? 'notice bad' : 'notice';
  n.hidden = false;
}

// The same formats as the server side (src/dashboard/format.ts).
// Times arrive as ISO strings, Unix milliseconds or Unix seconds.
function toMs(t) {
  const n = typeof t === 'string' ? Date.parse(t) : t;
  if (typeof n !== 'number' || !isFinite(n)) return NaN;
  return n < 1e11 ? n * 1000 : n;
}
function fmtTime(t) {
  const ms = toMs(t);
  if (isNaN(ms)) return t === null || t === undefined ? '' : String(t);
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
const yesNo = (v) => (v ? 'yes' : 'no');
const statusText = (s) => (s === null ? 'no answer' : String(s));
const statusClass = (s) => (s === null || s >= 400 ? 'bad' : 'good');
const effectText = (e) => (typeof e === 'string' ? e : JSON.stringify(e));
const matchText = (m) => Object.entries(m || {}).map(([k, v]) => k + '=' + v).join(' ');
function timesText(r) {
  if (r.times === null) return 'always · fired ' + r.fired;
  return r.remaining === 0 ? 'spent · fired ' + r.fired : r.remaining + ' of ' + r.times + ' left';
}
function hostLabel(key) {
  const host = view.hostApps[key];
  return host && host.label ? host.label : key;
}
function linkedHosts(user) {
  const byProvider = {};
  for (const [key, host] of Object.entries(view.hostApps)) byProvider[host.provider] = host.label || key;
  return Object.keys(user._provider || {}).map((p) => byProvider[p] || p);
}
const tenantQuery = () => '?client_id=' + encodeURIComponent(tenant.client) + (tenant.env ? '&env_id=' + encodeURIComponent(tenant.env) : '');
`;
