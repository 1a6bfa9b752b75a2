import { html } from 'hono/html';
import type { JournalEntry } from '../faults/journal.js';
import { effectText, formatClockTime, formatTime, statusClass, statusText } from './format.js';
import type { DashboardState } from './state.js';

const firedFault = (e: JournalEntry) =>
  e.fault
    ? html`<span class="fault">fault ${e.fault.rule}: ${effectText(e.fault.effect)}${e.fault.via ? ` via ${e.fault.via}` : ''}</span>`
    : '';

const requestRow = (e: JournalEntry) =>
  html`<tr class="${e.fault ? 'fired' : ''}" data-seq="${e.seq}">
    <td>${formatClockTime(e.time)}</td><td>${e.method} <code>${e.path}</code>${firedFault(e)}</td><td>${e.operation ?? ''}</td><td>${e.person ?? ''}</td>
    <td><span class="status ${statusClass(e.status)}">${statusText(e.status)}</span></td>
  </tr>`;

type Message = DashboardState['outbox'][number];

const messageRow = (m: Message) =>
  html`<tr><td>${formatTime(m.sent_at)}</td><td>${m.kind}</td><td>${m.to}</td><td>${m.purpose}</td><td><code>${m.code ?? ''}</code></td><td class="wrap">${m.text}${m.link ? html`<br><code>${m.link}</code>` : ''}</td></tr>`;

/** The request journal (newest first, refreshed live by the script) and the outbox. */
export function journalSection(s: DashboardState) {
  const requests = s.requests.length ? s.requests.map(requestRow) : html`<tr class="empty"><td colspan="5">No requests yet.</td></tr>`;
  const outbox = s.outbox.length ? s.outbox.map(messageRow) : html`<tr class="empty"><td colspan="6">No messages sent.</td></tr>`;
  return html`<section class="panel" id="journal-panel" aria-labelledby="journal-title">
    <h2 id="journal-title">Requests <span class="count">newest first</span> <span id="live" class="live">live</span>
      <button type="button" id="journal-clear" class="small">Clear</button></h2>
    <div class="scroll tall"><table>
      <thead><tr><th>Time</th><th>Request</th><th>Operation</th><th>Person</th><th>Status</th></tr></thead>
      <tbody id="journal-body">${requests}</tbody>
    </table></div>
  </section>
  <section class="panel" id="outbox-panel" aria-labelledby="outbox-title">
    <h2 id="outbox-title">Outbox <span class="count">emails and SMS codes</span></h2>
    <div class="scroll short"><table>
      <thead><tr><th>Sent</th><th>Kind</th><th>To</th><th>Purpose</th><th>Code</th><th>Text</th></tr></thead>
      <tbody id="outbox-body">${outbox}</tbody>
    </table></div>
  </section>`;
}
