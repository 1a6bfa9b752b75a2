/**
 * Live updates: the journal is read every second while the tab is visible. A new request may have
 * changed anything (a user created, a rule spent), so the other panels refresh then too, and every
 * few seconds anyway for changes made through the control API by someone else.
 */
export const LIVE_JS = String.raw`
const POLL_MS = 1000;
const FULL_REFRESH_EVERY = 5;
let newest = null;
let ticks = 0;
let polling = false;

function setLive(state) {
  const live = $('live');
  live.className = state === 'live' ? 'live' : 'live ' + state;
  live.textContent = state === 'live' ? 'live' : state === 'paused' ? 'paused while hidden' : 'mock not answering';
}

async function pollJournal() {
  const r = await call('GET', '/__mock/requests?limit=50');
  if (!r.ok) {
    setLive('down');
    return false;
  }
  setLive('live');
  const requests = r.data.requests;
  renderJournal(requests);
  const top = requests.length ? requests[0].seq : 0;
  const moved = top !== newest;
  newest = top;
  return moved;
}

async function tick() {
  if (document.hidden) return setLive('paused');
  if (polling) return;
  polling = true;
  try {
    const moved = await pollJournal();
    ticks += 1;
    if (moved || ticks % FULL_REFRESH_EVERY === 0) await refreshAll();
  } finally {
    polling = false;
  }
}

document.addEventListener('visibilitychange', () => (document.hidden ? setLive('paused') : tick()));
setInterval(tick, POLL_MS);
tick();
`;
