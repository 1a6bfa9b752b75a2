/** Refreshing every panel, and what the buttons and forms do (each through the control API). */
export const ACTIONS_JS = String.raw`
async function refreshOnce() {
  const q = tenantQuery();
  const [clients, tenants, people, users, sessions, outbox, faults, clock] = await Promise.all([
    call('GET', '/__mock/clients'), call('GET', '/__mock/tenants'), call('GET', '/__mock/people' + q), call('GET', '/__mock/users' + q),
    call('GET', '/__mock/sessions' + q), call('GET', '/__mock/outbox' + q), call('GET', '/__mock/faults'), call('GET', '/__mock/clock'),
  ]);
  if (clock.ok) {
    view.now = clock.data.now_ms;
    $('clock').textContent = fmtTime(clock.data.now_ms);
  }
  if (clients.ok) {
    const list = clients.data.clients;
    // A reset forgets clients that were only derived; show the first client then.
    if (list.length && !list.some((c) => c.client_id === tenant.client)) {
      setTenant(list[0].client_id);
      again = true;
      return;
    }
    renderClients(list, tenants.ok ? tenants.data.tenants : []);
  }
  if (people.ok) renderPeople(people.data);
  if (users.ok) renderUsers(users.data);
  renderSessions(sessions);
  if (outbox.ok) renderOutbox(outbox.data);
  if (faults.ok) renderFaults(faults.data);
  const failed = [clients, people, users, outbox, faults].find((r) => !r.ok);
  if (failed) notice(errorText(failed), true);
}

// One refresh at a time; a request for another while one runs makes it run once more at the end.
let refreshing = null;
let again = false;
function refreshAll() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    try {
      do {
        again = false;
        await refreshOnce();
      } while (again);
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function setTenant(value) {
  const at = value.indexOf('@');
  tenant.client = at < 0 ? value : value.slice(0, at);
  tenant.env = at < 0 ? '' : value.slice(at + 1);
  const q = new URLSearchParams(location.search);
  q.set('client', tenant.client);
  if (tenant.env) q.set('env', tenant.env);
  else q.delete('env');
  history.replaceState(null, '', location.pathname + '?' + q.toString());
  closeDetail();
  highlighted = null;
}

function selectTenant(value) {
  setTenant(value);
  return refreshAll();
}

/** A control call from a button: its error, or what it did, shows in the notice line. */
async function control(button, method, path, payload, done) {
  if (button) button.disabled = true;
  try {
    const r = await call(method, path, payload);
    if (!r.ok) notice(errorText(r), true);
    else if (done) notice(done(r.data), false);
    await refreshAll();
    await pollJournal();
    return r;
  } finally {
    if (button) button.disabled = false;
  }
}

function showDetail(id) {
  detailId = String(id);
  $('user-detail').hidden = false;
  renderDetail();
  $('user-detail').scrollIntoView({ block: 'nearest' });
}
function closeDetail() {
  detailId = null;
  $('user-detail').hidden = true;
}

function clearTry() {
  $('try-steps').replaceChildren();
  $('try-result').hidden = true;
}

$('tenant').addEventListener('change', (e) => selectTenant(e.target.value));

$('clock-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const seconds = Number($('clock-seconds').value);
  control(e.submitter, 'POST', '/__mock/clock', { seconds }, (d) => {
    view.now = d.now_ms;
    $('clock').textContent = fmtTime(d.now_ms);
    return 'Mock clock moved forward ' + seconds + ' s, to ' + fmtTime(d.now_ms) + ' UTC.';
  });
});

$('reset-client').addEventListener('click', (e) => {
  if (!confirm('Reset client ' + tenant.client + '? Its users, sessions, outbox, fault rules and requests go back to the fixtures.')) return;
  clearTry();
  control(e.currentTarget, 'POST', '/__mock/reset', { client_id: tenant.client }, () => 'Client ' + tenant.client + ' is back to the fixtures.');
});

$('reset-all').addEventListener('click', (e) => {
  if (!confirm('Reset the whole mock? Every user, session, message, fault rule and request is dropped, and the fixtures are loaded again.')) return;
  clearTry();
  closeDetail();
  control(e.currentTarget, 'POST', '/__mock/reset', {}, () => 'The whole mock is back to the fixtures.');
});

$('fault-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const rule = { operation: f.get('operation'), effect: String(f.get('effect')).trim() };
  const times = String(f.get('times') || '').trim();
  if (times) rule.times = /^\d+$/.test(times) ? Number(times) : times;
  const match = {};
  for (const key of ['client_id', 'app_name', 'person']) if (f.get(key)) match[key] = f.get(key);
  if (Object.keys(match).length) rule.match = match;
  const r = await call('POST', '/__mock/faults', rule);
  $('fault-error').textContent = r.ok ? '' : errorText(r);
  await refreshAll();
});

// A switch adds its scenario's rules, or removes them when one of them is still armed.
$('switches').addEventListener('click', async (e) => {
  const button = e.target.closest('.switch');
  if (!button) return;
  button.disabled = true;
  try {
    const current = await call('GET', '/__mock/faults');
    if (current.ok) renderFaults(current.data);
    const on = isOn(button);
    for (const r of switchRules(button)) {
      if (view.rules.some((a) => a.id === r.id)) await call('DELETE', '/__mock/faults/' + encodeURIComponent(r.id));
    }
    if (!on) {
      const added = await call('POST', '/__mock/faults', switchRules(button));
      if (!added.ok) notice(errorText(added), true);
    }
    await refreshAll();
  } finally {
    button.disabled = false;
  }
});

$('rules-body').addEventListener('click', (e) => {
  const button = e.target.closest('[data-remove-rule]');
  if (button) control(button, 'DELETE', '/__mock/faults/' + encodeURIComponent(button.dataset.removeRule));
});
$('faults-clear').addEventListener('click', (e) => control(e.currentTarget, 'DELETE', '/__mock/faults', undefined, (d) => 'Removed ' + d.removed + ' fault rule(s).'));
$('journal-clear').addEventListener('click', (e) => control(e.currentTarget, 'DELETE', '/__mock/requests'));

document.addEventListener('click', (e) => {
  const link = e.target.closest('[data-user]');
  if (link) showDetail(link.dataset.user);
});
$('detail-close').addEventListener('click', closeDetail);
`;
