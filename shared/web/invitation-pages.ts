/**
 * The pages behind the invitation link (`GET /api/InviteUser?invitationId=…&key=…` and what follows): the landing
 * page with its single "Accept the invitation" form, and one clear page for each way a link can fail. Unknown,
 * wrong-key and revoked links share one page with one wording so the page reveals nothing. No page has a script.
 */
import type { CompanyDraft } from '../domain/invitation.js';
import type { Locale } from '../domain/locale.js';
import { type Provider, platformDescriptionFor } from '../domain/provider.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTime } from './i18n.js';
import { renderCompanyDraft } from './invitation-company.js';
import { type LanguageSwitch, mailtoLink, multiline, renderPage, safeUrl } from './layout.js';
import { type InvitationMessages, invitationMessages } from './messages/invitation.js';

export type { LanguageSwitch } from './layout.js';

export type ProviderView = Pick<
  Provider,
  'name' | 'platformName' | 'platformDescription' | 'platformDescriptions' | 'supportEmail'
>;

export interface LandingView {
  locale: Locale;
  invitationId: string;
  key: string;
  /** The invitee is the one reading the page, so the address is shown in full. */
  invitee: { firstName: string; lastName: string; email: string };
  inviterName: string;
  provider: ProviderView;
  message?: string | undefined;
  company?: CompanyDraft | undefined;
  expiresAt: Date;
  languageSwitch: LanguageSwitch;
}

export interface ExpiredView {
  locale: Locale;
  provider: ProviderView;
  invitationId: string;
  key: string;
  expiredAt: Date;
  languageSwitch: LanguageSwitch;
}

export function renderLandingPage(view: LandingView): SafeHtml {
  const t = invitationMessages[view.locale];
  const strong = (text: string) => html`<strong>${text}</strong>`;
  const invitee = `${view.invitee.firstName} ${view.invitee.lastName}`.trim();
  const message = view.message?.trim();
  const description = platformDescriptionFor(view.provider, view.locale);
  const body = html`
<p class="lead">${t.landingLead({
    inviter: strong(view.inviterName),
    provider: strong(view.provider.name),
    invitee: strong(invitee),
    platform: strong(view.provider.platformName),
  })}</p>
${description && html`<p class="muted">${description}</p>`}
${
  message &&
  html`<figure class="quote"><figcaption>${t.messageFrom(view.inviterName)}</figcaption>
<blockquote>${multiline(message)}</blockquote></figure>`
}
<h2>${t.nextHeading}</h2>
<ol class="steps">
<li>${t.nextStepSignInPage}</li>
<li>${t.nextStepAccount(strong(view.invitee.email))}</li>
<li>${t.nextStepCompany}</li>
</ol>
<p class="notice">${t.invitationFor({
    email: strong(view.invitee.email),
    expires: strong(formatDateTime(view.expiresAt, view.locale)),
  })}</p>
<form method="post" action="/api/AcceptInvitation" class="actions">
${linkFields(view)}
<button type="submit" class="button">${t.acceptButton}</button>
</form>
${view.company && renderCompanyDraft(view.company, view.provider.name, view.locale)}`;
  return renderPage({
    locale: view.locale,
    title: t.landingTitle(view.provider.platformName),
    body,
    languageSwitch: view.languageSwitch,
    brand: view.provider.platformName,
    footer: support(t, view.provider),
  });
}

export function renderExpiredPage(view: ExpiredView): SafeHtml {
  const t = invitationMessages[view.locale];
  const body = html`
<p class="lead">${t.expiredOn(formatDateTime(view.expiredAt, view.locale))}</p>
<p>${t.expiredNewLink}</p>
<form method="post" action="/api/InviteUser/new-link" class="actions">
${linkFields(view)}
<button type="submit" class="button">${t.newLinkButton}</button>
</form>
<p class="muted">${t.expiredOrAsk(view.provider.name)}</p>`;
  return renderPage({
    locale: view.locale,
    title: t.expiredTitle,
    body,
    languageSwitch: view.languageSwitch,
    brand: view.provider.platformName,
    footer: support(t, view.provider),
  });
}

/** Worded the same whether or not a link went out, so the page does not tell whether renewal was possible. */
/**
 * "Check your inbox", after "Send me a new link" (the GET the post sends the browser to: a reload or the back button
 * shows it again and sends nothing). Anyone may open its address, so it names no one and says nothing of any
 * invitation: not the address, not whether a link was sent.
 */
export function renderNewLinkSentPage(view: { locale: Locale; languageSwitch?: LanguageSwitch | undefined }): SafeHtml {
  const t = invitationMessages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.newLinkSentTitle,
    body: html`<p class="lead">${t.newLinkSent}</p>
<p class="muted">${t.newLinkSentHint}</p>`,
    languageSwitch: view.languageSwitch,
  });
}

export function renderNewLinkLimitedPage(view: { locale: Locale }): SafeHtml {
  const t = invitationMessages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.newLinkLimitedTitle,
    body: html`<p class="lead">${t.newLinkLimited}</p>
<p>${t.newLinkLimitedHint}</p>`,
  });
}

/** "Accept" clicked too often (per invitation or per address): the link still works, later. */
export function renderAcceptLimitedPage(view: { locale: Locale; retryAfterSeconds: number }): SafeHtml {
  const t = invitationMessages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.acceptLimitedTitle,
    body: html`<p class="lead">${t.acceptLimited}</p>
<p>${t.acceptLimitedRetry(Math.max(1, Math.ceil(view.retryAfterSeconds / 60)))}</p>`,
  });
}

/** "Send me a new link" on an expired invitation when another one, sent since, is pending: that one's link works. */
export function renderNewerInvitationPage(view: { locale: Locale; provider: ProviderView }): SafeHtml {
  const t = invitationMessages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.newerInvitationTitle,
    body: html`<p class="lead">${t.newerInvitation(view.provider.name)}</p>
<p class="muted">${t.newerInvitationHint}</p>`,
    brand: view.provider.platformName,
    footer: support(t, view.provider),
  });
}

/** The one page for an unknown invitation, a wrong key and a revoked invitation: nothing in it tells them apart. */
export function renderLinkNotFoundPage(view: {
  locale: Locale;
  languageSwitch?: LanguageSwitch | undefined;
}): SafeHtml {
  const t = invitationMessages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.notFoundTitle,
    body: html`<p class="lead">${t.notFound}</p>
<p>${t.notFoundAsk}</p>
<p class="muted">${t.notFoundHint}</p>`,
    languageSwitch: view.languageSwitch,
  });
}

export function renderSupersededPage(view: {
  locale: Locale;
  provider: ProviderView;
  languageSwitch: LanguageSwitch;
}): SafeHtml {
  const t = invitationMessages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.supersededTitle,
    body: html`<p class="lead">${t.superseded(view.provider.name)}</p>
<p class="muted">${t.supersededHint}</p>`,
    languageSwitch: view.languageSwitch,
    brand: view.provider.platformName,
    footer: support(t, view.provider),
  });
}

export function renderAlreadyAcceptedPage(view: {
  locale: Locale;
  provider: ProviderView;
  signInUrl: string;
  /** None on the answer of a form post (there is no page to show again in another language). */
  languageSwitch?: LanguageSwitch | undefined;
}): SafeHtml {
  const t = invitationMessages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.alreadyAcceptedTitle,
    body: html`<p class="lead">${t.alreadyAccepted(view.provider.platformName)}</p>
<p class="actions"><a class="button" href="${safeUrl(view.signInUrl)}">${t.signIn}</a></p>`,
    languageSwitch: view.languageSwitch,
    brand: view.provider.platformName,
    footer: support(t, view.provider),
  });
}

/** Shown by `POST /api/AcceptInvitation` until the sign-in step is built; the invitation is left untouched. */
export function renderNotYetAvailablePage(view: { locale: Locale }): SafeHtml {
  const t = invitationMessages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.notYetAvailableTitle,
    body: html`<p class="lead">${t.notYetAvailable}</p>
<p class="muted">${t.notYetAvailableHint}</p>`,
  });
}

export function renderErrorPage(view: {
  locale: Locale;
  title: string;
  message: string;
  languageSwitch?: LanguageSwitch | undefined;
}): SafeHtml {
  return renderPage({
    locale: view.locale,
    title: view.title,
    body: html`<p class="lead">${multiline(view.message)}</p>`,
    languageSwitch: view.languageSwitch,
  });
}

/** The link's identity travels in hidden fields, never in the visible page; `lang` keeps the chosen language. */
function linkFields(view: { invitationId: string; key: string; locale: Locale }): SafeHtml {
  return html`<input type="hidden" name="invitationId" value="${view.invitationId}">
<input type="hidden" name="key" value="${view.key}">
<input type="hidden" name="lang" value="${view.locale}">`;
}

function support(t: InvitationMessages, provider: ProviderView): SafeHtml {
  return html`${provider.supportEmail && html`<p>${t.contactSupport(mailtoLink(provider.supportEmail))}</p>`}`;
}
