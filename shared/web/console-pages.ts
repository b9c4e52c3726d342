/**
 * The professional console's pages, in the style of the client pages (`renderFormPage`): one frame — the provider and
 * the professional, the navigation (one list, `CONSOLE_NAV`, each entry with the role it needs), signing out, the
 * language switch — and Home with its counts. Every link and form of the console carries the page's language
 * (`?lang=`), so English stays English across navigation. No script: nothing here needs one.
 */
import type { Locale } from '../domain/locale.js';
import type { ProfessionalRole } from '../domain/provider.js';
import type { CallbackProblem } from '../domain/use-cases/accept-invitation.js';
import type { HomeCounts } from '../domain/use-cases/console.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { renderFormPage } from './form-page.js';
import { formatDate, formatDateTime } from './i18n.js';
import { type ConsoleMessages, consoleMessages } from './messages/console.js';

/** The console page of one invitation (the Invitations detail). */
export const consoleInvitationPath = (invitationId: string) => `/api/console/invitations/${invitationId}`;

/** A console link in the page's language: `?lang=` added to (or replacing the one of) the path's query. */
export function consoleHref(path: string, locale: Locale, params: Record<string, string> = {}): string {
  const url = new URL(path, 'https://console.invalid');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  url.searchParams.set('lang', locale);
  return `${url.pathname}${url.search}`;
}

export type ConsoleNavKey = keyof ConsoleMessages['nav'];

/** One entry of the console's navigation: the page, and the role that page declares (`consolePage(role, …)`). */
export interface ConsoleNavEntry {
  key: ConsoleNavKey;
  path: string;
  role: ProfessionalRole;
}

/**
 * The console's navigation, in order. Only pages that exist are listed: the Invite and Invitations pages add their
 * entries here (`{ key: 'invite', path: '/api/console/invite', role: 'Invitations.Send' }`) when they are built.
 */
export const CONSOLE_NAV: readonly ConsoleNavEntry[] = [
  { key: 'home', path: '/api/console', role: 'Invitations.Send' },
  { key: 'invite', path: '/api/console/invite', role: 'Invitations.Send' },
  { key: 'invitations', path: '/api/console/invitations', role: 'Invitations.Send' },
  { key: 'clients', path: '/api/console/clients', role: 'Clients.Manage' },
];

/** The entries a professional may open: those whose role they hold. */
export const navFor = (roles: readonly ProfessionalRole[]) => CONSOLE_NAV.filter((entry) => roles.includes(entry.role));

/** Who is on the page, for the frame. */
export interface ConsoleFrame {
  locale: Locale;
  professionalName: string;
  providerName?: string;
  roles: readonly ProfessionalRole[];
  csrf: string;
  /** The page, as it is in the navigation (marked current). */
  current?: ConsoleNavKey;
  /** The page's own path and query (without `lang`), for the language switch. */
  here: string;
}

export const CONSOLE_CSS = `
.console-nav{background:#fff;border-bottom:1px solid #e5e7eb}
.console-nav .bar{max-width:44rem;margin:0 auto;padding:.5rem 1.25rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
.console-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;margin:0;padding:0}
.console-nav a{display:inline-block;padding:.5rem .75rem;border-radius:.375rem;font-weight:600;text-decoration:none}
.console-nav a[aria-current]{background:#eff6ff;color:#1e3a8a}
.who{margin:0;color:#374151;display:flex;flex-wrap:wrap;align-items:center;gap:0 .5rem}
.who>*{min-width:0}
.who form{display:inline}
.link-button{background:none;border:0;padding:.5rem .25rem;color:#1d4ed8;font:inherit;text-decoration:underline;text-underline-offset:.15em;cursor:pointer;min-height:2.75rem}
.link-button:hover{color:#1e3a8a}
.counts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(12rem,100%),1fr));gap:.75rem;margin:0 0 1rem;padding:0;list-style:none}
.counts li{border:1px solid #d1d5db;border-radius:.5rem;padding:1rem 1.25rem;background:#fff;min-width:0}
.counts a{display:block;text-decoration:none;color:inherit}
.counts a:hover .label,.counts a:focus .label{text-decoration:underline}
.counts .figure{display:block;font-size:2rem;font-weight:700;line-height:1.2;color:#111827}
.counts .label{display:block;font-weight:600}
.counts .hint{display:block;color:#4b5563;font-size:.9375rem}
.field textarea{display:block;width:100%;min-height:6rem;padding:.5rem .75rem;border:2px solid #6b7280;border-radius:.375rem;background:#fff;color:#111827;font:inherit}
.field textarea[aria-invalid="true"]{border-color:#b91c1c}
`;

const LANGUAGES: ReadonlyArray<Locale> = ['fr', 'en'];

function signOutForm(t: ConsoleMessages, locale: Locale, csrf: string): SafeHtml {
  return html`<form method="post" action="${consoleHref('/api/console/sign-out', locale)}">
<input type="hidden" name="csrf" value="${csrf}">
<button type="submit" class="link-button">${t.signOut}</button>
</form>`;
}

function navigation(frame: ConsoleFrame, t: ConsoleMessages): SafeHtml {
  const entries = navFor(frame.roles);
  const who = frame.providerName ? t.signedInAs(frame.professionalName, frame.providerName) : frame.professionalName;
  return html`<nav class="console-nav" aria-label="${t.navigation}"><div class="bar">
${
  entries.length > 0 &&
  html`<ul>${entries.map(
    (entry) =>
      html`<li><a href="${consoleHref(entry.path, frame.locale)}"${
        entry.key === frame.current ? html` aria-current="page"` : null
      }>${t.nav[entry.key]}</a></li>`,
  )}</ul>`
}
<div class="who"><span class="muted">${t.signedInLabel}</span> <strong>${who}</strong> ${signOutForm(t, frame.locale, frame.csrf)}</div>
</div></nav>`;
}

/** A console page: the frame around `body`. */
export function renderConsolePage(
  frame: ConsoleFrame,
  page: { title: string; body: SafeHtml; css?: string },
): SafeHtml {
  const t = consoleMessages[frame.locale];
  const switchTo = Object.fromEntries(LANGUAGES.map((l) => [l, consoleHref(frame.here, l)])) as Record<Locale, string>;
  const rendered = renderFormPage({
    locale: frame.locale,
    title: page.title,
    brand: frame.providerName ? `${t.brand} · ${frame.providerName}` : t.brand,
    body: page.body,
    languageSwitch: switchTo,
    nav: navigation(frame, t),
  }).value;
  return raw(rendered.replace('</head>', () => `<style>${CONSOLE_CSS}${page.css ?? ''}</style>\n</head>`));
}

/** Home's four counts, in order. */
export const HOME_COUNTS = ['pending', 'expiringSoon', 'deliveryFailed', 'acceptedThisWeek'] as const;
export type HomeCount = (typeof HOME_COUNTS)[number];

/** The query of the invitation list each count stands for: each count links to `/api/console/invitations?<query>`. */
export function homeCountQueries(): Record<HomeCount, Record<string, string>> {
  return {
    pending: { status: 'pending' },
    expiringSoon: { status: 'pending', only: 'expiring' },
    deliveryFailed: { status: 'pending', only: 'delivery-failed' },
    acceptedThisWeek: { only: 'accepted-this-week' },
  };
}

export function renderConsoleHome(frame: ConsoleFrame, view: { providerName: string; counts: HomeCounts }): SafeHtml {
  const t = consoleMessages[frame.locale];
  const { counts } = view;
  return renderConsolePage(frame, {
    title: t.homeTitle,
    body: html`<p class="lead">${t.homeLead(view.providerName)}</p>
<h2 id="counts-heading">${t.countsHeading}</h2>
<ul class="counts" aria-labelledby="counts-heading">${HOME_COUNTS.map(
      (key) =>
        html`<li data-count="${key}"><a href="${consoleHref('/api/console/invitations', frame.locale, homeCountQueries()[key])}"><span class="figure">${String(counts[key])}</span><span class="label">${t.counts[key]}</span></a><span class="hint">${t.countHints[key]}</span></li>`,
    )}</ul>
<p class="muted">${t.weekNote(formatDate(counts.weekStart, frame.locale))} ${t.countedAt(formatDateTime(counts.at, frame.locale))}</p>`,
  });
}

/**
 * The 403 page of a signed-in professional who may not be here (no role, no provider), or of an untrusted post; with
 * "Sign out" when someone is signed in (`signedIn`).
 */
export function renderConsoleRefusedPage(view: {
  locale: Locale;
  reason: 'role-missing' | 'no-provider' | 'untrusted-post';
  role?: ProfessionalRole;
  signedIn?: { professionalName: string; csrf: string };
}): SafeHtml {
  const t = consoleMessages[view.locale];
  const explanation =
    view.reason === 'role-missing' && view.role
      ? t.roleMissing(view.role)
      : view.reason === 'no-provider'
        ? t.noProvider
        : t.untrustedPost;
  return renderFormPage({
    locale: view.locale,
    title: t.refusedTitle[view.reason],
    brand: t.brand,
    languageSwitch: undefined,
    body: html`<p class="lead">${explanation}</p>
${
  view.signedIn &&
  html`<p>${t.signedInLabel} <strong>${view.signedIn.professionalName}</strong>.</p>
<form method="post" action="${consoleHref('/api/console/sign-out', view.locale)}" class="actions">
<input type="hidden" name="csrf" value="${view.signedIn.csrf}">
<button type="submit" class="button secondary">${t.signOut}</button>
</form>`
}`,
  });
}

export function renderConsoleUnavailablePage(view: { locale: Locale }): SafeHtml {
  const t = consoleMessages[view.locale];
  return renderFormPage({
    locale: view.locale,
    title: t.unavailableTitle,
    brand: t.brand,
    body: html`<p class="lead">${t.unavailable}</p>`,
  });
}

export function renderConsoleSignedOutPage(view: { locale: Locale }): SafeHtml {
  const t = consoleMessages[view.locale];
  return renderFormPage({
    locale: view.locale,
    title: t.signedOutTitle,
    brand: t.brand,
    body: html`<p class="lead">${t.signedOut}</p>
<p><a class="button" href="${consoleHref('/api/console/sign-in', view.locale)}">${t.signInAgain}</a></p>`,
  });
}

export function renderConsoleSignInProblemPage(view: { locale: Locale; problem: CallbackProblem }): SafeHtml {
  const t = consoleMessages[view.locale];
  return renderFormPage({
    locale: view.locale,
    title: t.problemTitle[view.problem],
    brand: t.brand,
    body: html`<p class="lead">${t.problem[view.problem]}</p>
<p><a class="button" href="${consoleHref('/api/console/sign-in', view.locale)}">${t.signIn}</a></p>`,
  });
}
