/**
 * The client's erasure request (docs/privacy.md "Erasure asked by the client"): the confirmation — what it asks, of
 * which providers, what follows — and, once asked, the page saying when and until when. The request is a form post
 * with the session's CSRF token; the export is offered first.
 */
import type { Locale } from '../domain/locale.js';
import { ERASURE_REQUEST_DAYS } from '../domain/use-cases/ask-for-erasure.js';
import { html, type SafeHtml } from '../http/html.js';
import { renderFormPage } from './form-page.js';
import { formatDate } from './i18n.js';
import { erasureRequestMessages } from './messages/erasure-request.js';
import type { SignedInShell } from './portal-shell.js';

export const PROFILE_ERASURE_PATH = '/api/Profile/erasure';
const PROFILE_PATH = '/api/Profile';
const PROFILE_EXPORT_PATH = '/api/Profile/export';

const deadline = (at: Date) => new Date(at.getTime() + ERASURE_REQUEST_DAYS * 24 * 3600 * 1000);

export function renderErasureRequestPage(view: {
  locale: Locale;
  csrfToken: string;
  providers: string[];
  /** Asked already: when (the page says so instead of asking again). */
  requestedAt?: Date;
  signedIn?: SignedInShell;
}): SafeHtml {
  const t = erasureRequestMessages[view.locale];
  const languageSwitch = { fr: `${PROFILE_ERASURE_PATH}?lang=fr`, en: `${PROFILE_ERASURE_PATH}?lang=en` };
  if (view.requestedAt) return renderErasureRequestedPage({ ...view, requestedAt: view.requestedAt });
  const body = html`<p class="lead">${t.explain(ERASURE_REQUEST_DAYS)}</p>
<h2>${t.providersHeading}</h2>
<ul data-field="providers">${view.providers.map((name) => html`<li>${name}</li>`)}</ul>
<p><a href="${PROFILE_EXPORT_PATH}" download>${t.exportFirst}</a></p>
<form method="post" action="${PROFILE_ERASURE_PATH}?lang=${view.locale}">
<input type="hidden" name="csrf" value="${view.csrfToken}">
<p class="actions"><button type="submit" class="button">${t.confirm}</button> <a href="${PROFILE_PATH}?lang=${view.locale}">${t.cancel}</a></p>
</form>`;
  return renderFormPage({ locale: view.locale, title: t.title, body, languageSwitch, signedIn: view.signedIn });
}

export function renderErasureRequestedPage(view: {
  locale: Locale;
  requestedAt: Date;
  signedIn?: SignedInShell;
}): SafeHtml {
  const t = erasureRequestMessages[view.locale];
  const body = html`<p class="lead" role="status" data-erasure-requested>${t.asked(
    formatDate(view.requestedAt, view.locale),
    formatDate(deadline(view.requestedAt), view.locale),
  )}</p>
<p><a class="button" href="${PROFILE_PATH}?lang=${view.locale}">${t.backToProfile}</a></p>`;
  return renderFormPage({ locale: view.locale, title: t.askedTitle, body, signedIn: view.signedIn });
}

/** The profile's "Your data" line: the way to ask. */
export function renderErasureRequestLink(locale: Locale): SafeHtml {
  const t = erasureRequestMessages[locale];
  return html`<p>${t.lead}</p>
<p><a class="button secondary" href="${PROFILE_ERASURE_PATH}?lang=${locale}" data-ask-erasure>${t.link}</a></p>`;
}
