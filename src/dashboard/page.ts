import { html, raw } from 'hono/html';
import { SCRIPT } from './client/index.js';
import { peopleSection } from './section-people.js';
import { faultsSection } from './section-faults.js';
import { journalSection } from './section-journal.js';
import { tryItSection } from './section-try-it.js';
import { usersSection } from './section-users.js';
import type { DashboardState } from './state.js';
import { STYLE } from './style.js';
import { toolbar } from './toolbar.js';

// No external assets: the page works offline, and the policy header lets nothing else load or run.
const head = (title: string, nonce: string) => html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${raw(STYLE)}</style>
</head>`;

/** The whole page, every value escaped by the `html` template; the script takes over from here. */
export function renderPage(s: DashboardState, nonce: string) {
  return html`${head('tt-baas-mock dashboard', nonce)}
<body data-client="${s.selected?.clientId ?? ''}" data-env="${s.selected?.envId ?? ''}">
${toolbar(s)}
<main>
  <div class="col">${tryItSection(s)}${usersSection(s)}${peopleSection(s)}</div>
  <div class="col">${faultsSection(s)}${journalSection(s)}</div>
</main>
<script nonce="${nonce}">${raw(SCRIPT)}</script>
</body>
</html>`;
}

/** What a browser shows when the access rule refuses it: the reason, and how to get in. */
export function renderRefusal(error: string, hint: string | undefined, nonce: string) {
  return html`${head('tt-baas-mock dashboard: access refused', nonce)}
<body class="refused">
<main class="narrow">
  <h1>Access refused</h1>
  <p>${error}.</p>
  ${hint ? html`<p>${hint}</p>` : ''}
</main>
</body>
</html>`;
}

/**
 * Only the page's own script and style, tagged with this response's nonce, may run: should a value ever
 * slip past escaping, it still cannot execute. The script talks to the mock and nothing else.
 */
export const contentPolicy = (nonce: string): string =>
  [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
