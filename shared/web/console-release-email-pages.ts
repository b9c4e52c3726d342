/**
 * "Libérer l'adresse / Release the address" on a client sheet (docs/merge.md "Releasing the addresses"): the sheet's
 * action (on a merged or blocked file), the confirmation — or, refused, why — and the history of releases on the
 * identity tab.
 */
import type { ClientFile } from '../domain/client-file.js';
import type { Locale } from '../domain/locale.js';
import { RELEASED_BY_OPS } from '../domain/use-cases/release-email.js';
import { html, type SafeHtml } from '../http/html.js';
import { type ConsoleFrame, consoleHref, renderConsolePage } from './console-pages.js';
import { formatDateTime } from './i18n.js';
import { consoleReleaseEmailMessages } from './messages/console-release-email.js';

export type ReleaseRefusal = 'account-in-use' | 'not-releasable' | 'nothing-to-release';

const sheetPath = (clientId: string) => `/api/console/clients/${encodeURIComponent(clientId)}`;
export const clientReleaseEmailPath = (clientId: string) => `${sheetPath(clientId)}/release-email`;

/** The sheet's action: offered on a merged file, and on a blocked one (the use case says when its login is served). */
export function releaseEmailAction(file: ClientFile, locale: Locale): SafeHtml | null {
  const holds = Boolean(file.emails.primary || file.emails.signIn || file.emails.secondary.length);
  const offered = file.access?.status === 'merged' || file.access?.status === 'blocked';
  if (!offered || !holds) return null;
  return html`<a href="${consoleHref(clientReleaseEmailPath(file.id), locale)}" data-release-email>${consoleReleaseEmailMessages[locale].action}</a>`;
}

export function renderReleaseEmail(
  frame: ConsoleFrame,
  view: { file: ClientFile; name: string; refusal?: ReleaseRefusal },
): SafeHtml {
  const t = consoleReleaseEmailMessages[frame.locale];
  const sheet = consoleHref(sheetPath(view.file.id), frame.locale);
  if (view.refusal) {
    return renderConsolePage(frame, {
      title: t.title(view.name),
      body: html`<div class="error-summary" role="alert" data-refusal="${view.refusal}"><p>${t.refused[view.refusal]}</p></div>
<p><a href="${sheet}">${t.backToSheet}</a></p>`,
    });
  }
  return renderConsolePage(frame, {
    title: t.title(view.name),
    body: html`<p class="lead">${t.lead(view.name)}</p>
<form method="post" action="${consoleHref(clientReleaseEmailPath(view.file.id), frame.locale)}" class="actions">
<input type="hidden" name="csrf" value="${frame.csrf}">
<button type="submit" class="button">${t.confirm}</button>
<a class="button secondary" href="${sheet}">${t.cancel}</a>
</form>`,
  });
}

/** The identity tab's history of releases (none: nothing). */
export function renderEmailReleases(file: ClientFile, locale: Locale): SafeHtml | null {
  const releases = file.emailReleases ?? [];
  if (releases.length === 0) return null;
  const t = consoleReleaseEmailMessages[locale];
  return html`<h3>${t.history}</h3>
<ul data-field="email-releases">${releases.map(
    (r) =>
      html`<li>${t.historyLine(formatDateTime(r.at, locale), r.by === RELEASED_BY_OPS ? t.byOps : r.by, r.addresses.join(', '))}</li>`,
  )}</ul>`;
}
