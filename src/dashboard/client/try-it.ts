/**
 * The "try it" panel: the requests a mini-program and the 知晓云 SDK send for a ByteDance login
 * (contract C4), made from the page, each shown with its answer.
 */
export const TRY_IT_JS = String.raw`
const pretty = (v) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** Sends one request of the flow and adds it to the list: what was sent, the status, what came back. */
async function step(label, path, payload, headers) {
  const item = h('li', null, [h('strong', null, [label]), ' POST ', h('code', null, [path]), ' … ']);
  $('try-steps').append(item);
  const r = await call('POST', path, payload, headers);
  item.lastChild.replaceWith(' → ', h('span', { class: 'status ' + statusClass(r.status) }, [statusText(r.status)]));
  const sent = headers ? pretty(headers) + '\n' + pretty(payload) : pretty(payload);
  item.append(h('details', null, [h('summary', null, ['request and response']), h('div', { class: 'exchange' }, [
    h('div', null, [h('span', null, ['sent']), h('pre', null, [sent])]),
    h('div', null, [h('span', null, ['answer']), h('pre', null, [pretty(r.data)])]),
  ])]));
  return r;
}

function showTryResult(text, user, isNew) {
  const box = $('try-result');
  box.hidden = false;
  box.className = user ? 'result' : 'result bad';
  if (!user) return box.replaceChildren(text);
  box.replaceChildren(
    isNew ? 'New user ' : 'Existing user ',
    h('button', { type: 'button', class: 'link', 'data-user': user.id }, [user.id]),
    ' · nickname ' + (user.nickname === null ? '(none)' : user.nickname) + ' · host apps ' + (linkedHosts(user).join(', ') || '(none)') +
      ' · authorized ' + yesNo(user.is_authorized),
  );
}

async function tryLogin(kind) {
  const person = $('try-person').value;
  const host = $('try-host').value;
  const known = new Set((view.users || []).map((u) => u.id));
  clearTry();
  const subject = { client_id: tenant.client, host, person };
  const login = await step('tt.login', '/__mock/bytedance/login', Object.assign({ force: true }, subject));
  if (!login.ok) return showTryResult('tt.login failed: ' + errorText(login));
  const hydrogen = { 'X-Hydrogen-Client-ID': tenant.client };
  if (tenant.env) hydrogen['X-Hydrogen-Env-ID'] = tenant.env;
  // The SDK sends the host's appName lower-cased; the host keys are those names (contract A7).
  const payload = { code: login.data.code, app_name: host, create_user: true };
  let path = '/hserve/v2.5/idp/bytedance/silent-login/';
  if (kind === 'authorized') {
    const info = await step('tt.getUserInfo', '/__mock/bytedance/user-info', Object.assign({ with_credentials: true }, subject));
    // On a device a failed tt.getUserInfo ends the flow before 知晓云 is called (contract C2, D).
    if (!info.ok) return showTryResult('tt.getUserInfo failed, so the SDK sends nothing to 知晓云: ' + errorText(info));
    const d = info.data;
    Object.assign(payload, { rawData: d.rawData, signature: d.signature, encryptedData: d.encryptedData, iv: d.iv, update_userprofile: 'setnx' });
    path = '/hserve/v2.5/idp/bytedance/authenticate/';
  }
  const r = await step(kind === 'authorized' ? 'authenticate' : 'silent-login', path, payload, hydrogen);
  const details = $('try-steps').lastChild.querySelector('details');
  if (details) details.open = true;
  if (!r.ok || !r.data || !r.data.user_info) return showTryResult('The login failed: ' + errorText(r));
  const user = r.data.user_info;
  highlighted = user.id;
  showTryResult('', user, !known.has(user.id));
}

$('try-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const kind = e.submitter && e.submitter.value === 'authorized' ? 'authorized' : 'silent';
  const buttons = e.target.querySelectorAll('button');
  for (const b of buttons) b.disabled = true;
  try {
    await tryLogin(kind);
  } finally {
    for (const b of buttons) b.disabled = false;
    await refreshAll();
    await pollJournal();
  }
});
`;
