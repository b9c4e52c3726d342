/**
 * The pages around signing in: why a signed-in client cannot get in (seed 004: blocked, merged, provider
 * inactive — shown only after authentication, so strangers learn nothing), what went wrong at sign-in (another
 * account, cancelled, expired…), and seed 003's page asking for the client and company codes when the sign-in
 * URL lacks them. Re-exported by `company-pages.ts`.
 */
import type { RefusalReason } from '../domain/client.js';
import type { Locale } from '../domain/locale.js';
import type { AcceptanceProblem } from '../domain/use-cases/accept-invitation.js';
import { html, type SafeHtml } from '../http/html.js';
import { renderFormPage, signOutForm } from './form-page.js';
import { formatDate } from './i18n.js';
import { type LanguageSwitch, mailtoLink, safeUrl } from './layout.js';
import { accessMessages } from './messages/access.js';
import { companyMessages } from './messages/company.js';
import { resetPasswordMessages } from './messages/reset-password.js';

/**
 * What a sign-in page explains: the acceptance's problems (an accepted link says revoked), and the pages' own — a
 * signed-in page opened without a usable session says why: nobody signed in (`not-signed-in`), a session past its
 * 8 hours (`session-expired`), or one ended early by signing out elsewhere or a password change (`session-ended`).
 * "Sign in as <invited address>" posted after its sign-in cookie is gone (too late, another browser) cannot know the
 * invitation: the page sends the person back to the email's link (`invitation-page-expired`).
 */
export type SignInProblem =
  | Exclude<AcceptanceProblem, 'already-accepted'>
  | 'wrong-account'
  | 'not-signed-in'
  | 'session-expired'
  | 'session-ended'
  | 'invitation-page-expired';

export interface AccessRefusedView {
  locale: Locale;
  reason: RefusalReason;
  providerName?: string | undefined;
  /** The platform's name for the page's header, when the provider is known. */
  platformName?: string | undefined;
  since?: Date | undefined;
  /** The account the client's data now lives in, masked by the caller. */
  mergedIntoEmail?: string | undefined;
  supportEmail?: string | undefined;
  /** The session's token: with it the page offers to sign out. */
  csrfToken?: string | undefined;
  languageSwitch?: LanguageSwitch | undefined;
}

export interface SignInProblemView {
  locale: Locale;
  problem: SignInProblem;
  invitedEmail?: string | undefined;
  signedInEmail?: string | undefined;
  /** Where "try again" goes, with its hidden fields (e.g. the invitation link's id and key). POST unless said. */
  retryForm?: { action: string; fields: Record<string, string>; method?: 'get' | 'post' } | undefined;
  providerName?: string | undefined;
  platformName?: string | undefined;
  languageSwitch?: LanguageSwitch | undefined;
}

export interface SignInStartView {
  locale: Locale;
  /** `/api/SignIn`. */
  action: string;
  client?: string | undefined;
  societe?: string | undefined;
  /** The codes submitted name no provider: the form again, with one message whatever was wrong. */
  unknownCodes?: boolean | undefined;
  languageSwitch?: LanguageSwitch | undefined;
  /** The mobile app's store pages, as configured (MOBILE_APP_STORE_URL_*): none, no app section. */
  appStores?: { ios?: string; android?: string } | undefined;
}

/** The pages of a signed-in page opened without a usable session: each offers to sign in. */
const SESSION_PROBLEMS: readonly SignInProblem[] = ['not-signed-in', 'session-expired', 'session-ended'];

/** Where a person with no way to retry in the page itself starts again. */
const SIGN_IN_PATH = '/api/SignIn';

/** "Forgot your password?": wherever a page offers to sign in (again). */
const forgotPasswordLink = (locale: Locale) =>
  html`<p class="forgot-password"><a href="/api/ResetPassword?lang=${locale}">${resetPasswordMessages[locale].forgotLink}</a></p>`;

export function renderAccessRefusedPage(view: AccessRefusedView): SafeHtml {
  const t = companyMessages[view.locale];
  const a = accessMessages[view.locale];
  const provider = view.providerName || t.someProvider;
  const since = view.since && formatDate(view.since, view.locale);
  const strong = (text: string) => html`<strong>${text}</strong>`;
  const [lead, what] = ((): [string, string | SafeHtml] => {
    switch (view.reason) {
      case 'blocked':
        // Seed 004 and issue 12: "bloqué par <provider> depuis le <date>".
        return [
          a.refusedBlocked({ provider: view.providerName || a.someProviderInSentence, ...(since ? { since } : {}) }),
          t.refusedBlockedWhat(provider),
        ];
      case 'merged':
        return [
          t.refusedMerged(since),
          view.mergedIntoEmail ? html`${t.refusedMergedInto(strong(view.mergedIntoEmail))}` : t.refusedMergedWhat,
        ];
      case 'provider-inactive':
        return [
          since ? a.refusedInactiveSince({ provider, since }) : t.refusedInactive(provider),
          t.refusedInactiveWhat(provider),
        ];
      case 'no-access':
        return [t.refusedNoAccess, t.refusedNoAccessWhat];
    }
  })();
  const body = html`
<p class="lead">${lead}</p>
<p>${what}</p>
${view.supportEmail && html`<p class="muted">${t.refusedContact(mailtoLink(view.supportEmail))}</p>`}
${
  view.csrfToken
    ? signOutForm(t, view.csrfToken)
    : html`<p class="actions"><a class="button secondary" href="${SIGN_IN_PATH}?prompt=login&amp;lang=${view.locale}">${a.otherAccount}</a></p>`
}`;
  return renderFormPage({
    locale: view.locale,
    title: t.refusedTitle[view.reason],
    body,
    languageSwitch: view.languageSwitch,
    brand: view.platformName,
  });
}

export function renderSignInProblemPage(view: SignInProblemView): SafeHtml {
  const t = companyMessages[view.locale];
  const provider = view.providerName || t.someProvider;
  const strong = (text: string) => html`<strong>${text}</strong>`;
  const lead = ((): string | SafeHtml => {
    switch (view.problem) {
      case 'wrong-account':
        return view.invitedEmail && view.signedInEmail
          ? html`${t.problemWrongAccount({ invited: strong(view.invitedEmail), signedIn: strong(view.signedInEmail) })}`
          : t.problemWrongAccountNoEmails;
      case 'email-not-verified':
        return view.invitedEmail
          ? html`${t.problemEmailNotVerified(strong(view.invitedEmail))}`
          : t.problemEmailNotVerifiedNoEmail;
      case 'cancelled':
        return t.problemCancelled;
      case 'expired':
        return t.problemExpired(provider);
      case 'revoked':
        return t.problemRevoked(provider);
      case 'not-signed-in':
        return t.problemNotSignedIn;
      case 'session-expired':
        return t.problemSessionExpired;
      case 'session-ended':
        return t.problemSessionEnded;
      case 'invitation-page-expired':
        return t.problemInvitationPageExpired;
      case 'state-mismatch':
        return t.problemStateMismatch;
      case 'sign-in-failed':
        return t.problemSignInFailed;
    }
  })();
  const retry = view.retryForm;
  // Both "another account" pages offer the same action: sign in with the account whose address is the invited one.
  const anotherAccount = view.problem === 'wrong-account' || view.problem === 'email-not-verified';
  const label =
    anotherAccount && view.invitedEmail
      ? t.retryAs(view.invitedEmail)
      : SESSION_PROBLEMS.includes(view.problem)
        ? t.signIn
        : t.retry;
  const canStartOver = ['cancelled', 'state-mismatch', 'sign-in-failed', ...SESSION_PROBLEMS].includes(view.problem);
  const action = retry
    ? html`<form method="${retry.method ?? 'post'}" action="${safeUrl(retry.action)}" class="actions">
${Object.entries(retry.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button type="submit" class="button">${label}</button>
</form>`
    : canStartOver &&
      html`<p class="actions"><a class="button" href="${SIGN_IN_PATH}?go=1&amp;lang=${view.locale}">${t.signIn}</a></p>`;
  return renderFormPage({
    locale: view.locale,
    title: t.problemTitle[view.problem],
    body: html`<p class="lead">${lead}</p>
${action}
${action && forgotPasswordLink(view.locale)}`,
    languageSwitch: view.languageSwitch,
    brand: view.platformName,
  });
}

/** Seed 001's "Easy access": besides signing in here, the mobile app and where to get it, when it has a store page. */
function appSection(view: SignInStartView) {
  const { ios, android } = view.appStores ?? {};
  if (!ios && !android) return null;
  const a = accessMessages[view.locale];
  const store = (url: string | undefined, label: string) =>
    url && html`<li><a href="${safeUrl(url)}">${label}</a></li>`;
  return html`<section class="mobile-app" aria-labelledby="signin-app-title">
<h2 id="signin-app-title">${a.appTitle}</h2>
<p>${a.appLead}</p>
<ul>${store(ios, a.appStoreIos)}${store(android, a.appStoreAndroid)}</ul>
</section>`;
}

/**
 * Seed 003: the sign-in URL lacks `client` and `societe`; both are optional, the form is a GET to `/api/SignIn`
 * (`form=codes` says the codes were typed here), and a link goes on without codes (`?go=1`). Codes that name no
 * provider bring the form back with one message, the same whatever was wrong.
 */
export function renderSignInStartPage(view: SignInStartView): SafeHtml {
  const t = companyMessages[view.locale];
  const a = accessMessages[view.locale];
  const described = view.unknownCodes ? 'signin-codes-hint signin-codes-error' : 'signin-codes-hint';
  const code = (name: 'client' | 'societe', label: string, value: string | undefined) => html`<div class="field">
<label for="signin-${name}">${label} <span class="optional">${t.optional}</span></label>
<input type="text" id="signin-${name}" name="${name}" value="${value ?? ''}" maxlength="64" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="${described}"${view.unknownCodes ? html` aria-invalid="true"` : null}>
</div>`;
  const body = html`
<p class="lead">${t.startLead}</p>
${
  view.unknownCodes &&
  html`<div class="error-summary" role="alert" aria-labelledby="signin-codes-error-title">
<h2 id="signin-codes-error-title">${a.codesUnknownTitle}</h2>
<p id="signin-codes-error">${a.codesUnknown}</p>
</div>`
}
<form method="get" action="${safeUrl(view.action)}">
<input type="hidden" name="lang" value="${view.locale}">
<input type="hidden" name="form" value="codes">
<p id="signin-codes-hint" class="hint">${t.codeHint}</p>
${code('client', t.clientCode, view.client)}
${code('societe', t.companyCode, view.societe)}
<div class="actions"><button type="submit" class="button">${t.signIn}</button></div>
</form>
<p class="actions"><a class="button secondary" href="${SIGN_IN_PATH}?go=1&amp;lang=${view.locale}">${a.withoutCodes}</a></p>
${forgotPasswordLink(view.locale)}
${appSection(view)}`;
  return renderFormPage({
    locale: view.locale,
    title: t.startTitle,
    body,
    languageSwitch: view.languageSwitch,
  });
}
