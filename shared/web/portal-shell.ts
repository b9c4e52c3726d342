/**
 * What every signed-in portal page carries around its content (seed 001): the notice "Connecté en tant que <email> —
 * <company>" at the top of the page, with a "Fermer" button that hides it until the next sign-in (a form post: the
 * CSP allows no inline script, and it works without JavaScript), the same words at the bottom left of the page (not
 * closable), and "Changer de compte" (a form post, since it may end the session). `renderPage` places them.
 */
import type { Locale } from '../domain/locale.js';
import { html, type SafeHtml } from '../http/html.js';
import { portalMessages } from './messages/portal.js';

export const SWITCH_ACCOUNT_PATH = '/api/SignIn/switch';
export const CLOSE_NOTICE_PATH = '/api/SignIn/notice';

/** The portal's pages the notice's close button may come back to. */
export const PORTAL_PAGES = [
  '/api/Welcome',
  '/api/Profile',
  '/api/Profile/password',
  '/api/Profile/email',
  '/api/Profile/erasure',
  '/api/Profile/two-step',
  '/api/Profile/two-step/off',
  '/api/SignIn/choose',
  '/api/CreateCompany',
] as const;

/** A portal page in a language, as the close form carries it. */
export const backTo = (path: string, locale: Locale) => `${path}?lang=${locale}`;

/**
 * The page the close form names, when it is one of the portal's (its path, and `lang` alone in its query);
 * anything else — another site, another path, other parameters — comes back to the welcome page.
 */
export function closeNoticeTarget(back: string | null): string {
  const fallback = PORTAL_PAGES[0];
  if (!back?.startsWith('/') || back.startsWith('//') || back.includes('\\')) return fallback;
  let url: URL;
  try {
    url = new URL(back, 'https://portal.invalid');
  } catch {
    return fallback;
  }
  if (url.origin !== 'https://portal.invalid' || url.hash) return fallback;
  if (!(PORTAL_PAGES as readonly string[]).includes(url.pathname)) return fallback;
  const params = [...url.searchParams.keys()];
  const lang = url.searchParams.get('lang');
  if (params.length === 0) return url.pathname;
  if (params.length === 1 && (lang === 'fr' || lang === 'en')) return backTo(url.pathname, lang);
  return fallback;
}

/** The signed-in part of a portal page. */
export interface SignedInShell {
  email: string;
  /** The company of the session's place (or its provider, where the client has no company); none before a choice. */
  place?: string | undefined;
  /** The person closed the top notice in this session. */
  noticeClosed: boolean;
  csrfToken: string;
  /** Where closing the notice comes back to: this page (path and `?lang=`). */
  back: string;
  /** Whether the page offers "Switch account" (Create Company, in the middle of onboarding, does not). */
  switchAccount: boolean;
}

export const PORTAL_SHELL_CSS = `
.notice-top{background:#eff6ff;border-top:1px solid #bfdbfe}
.notice-top .bar{padding-top:.5rem;padding-bottom:.5rem}
.notice-top p{margin:0;flex:1 1 12rem}
.notice-top form{margin:0}
.shell-button{display:inline-block;min-height:2.75rem;padding:.5rem .875rem;border:2px solid #6b7280;border-radius:.375rem;background:#fff;color:#1f2937;font:inherit;font-weight:600;cursor:pointer}
.shell-button:hover{background:#f3f4f6;color:#111827}
.switch-account{margin:0}
.signed-in-bottom{margin:0;text-align:left}
`;

function signedInText(locale: Locale, shell: SignedInShell, where: 'top' | 'bottom'): SafeHtml {
  const t = portalMessages[locale];
  const sentence = t.signedInAs({
    email: html`<strong data-signed-in-email>${shell.email}</strong>`,
    place: shell.place === undefined ? undefined : html`<strong data-signed-in-place>${shell.place}</strong>`,
  });
  return html`<p class="signed-in-${where}" data-signed-in-notice="${where}">${sentence}</p>`;
}

/** The top notice (inside the page's banner), unless closed in this session. */
export function renderTopNotice(locale: Locale, shell: SignedInShell): SafeHtml | null {
  if (shell.noticeClosed) return null;
  const t = portalMessages[locale];
  return html`<div class="notice-top" role="region" aria-label="${t.noticeLabel}"><div class="bar">
${signedInText(locale, shell, 'top')}
<form method="post" action="${CLOSE_NOTICE_PATH}">
<input type="hidden" name="csrf" value="${shell.csrfToken}">
<input type="hidden" name="back" value="${shell.back}">
<button type="submit" class="shell-button" aria-label="${t.closeNotice}">${t.close} <span aria-hidden="true">\u00d7</span></button>
</form>
</div></div>`;
}

/** The same words at the bottom left of the page, always there. */
export function renderBottomNotice(locale: Locale, shell: SignedInShell): SafeHtml {
  return signedInText(locale, shell, 'bottom');
}

/** "Switch account": back to the company picker, or a sign-in that lets the person pick another account. */
export function renderSwitchAccount(locale: Locale, shell: SignedInShell): SafeHtml | null {
  if (!shell.switchAccount) return null;
  return html`<form method="post" action="${SWITCH_ACCOUNT_PATH}" class="switch-account">
<input type="hidden" name="csrf" value="${shell.csrfToken}">
<button type="submit" class="shell-button">${portalMessages[locale].switchAccount}</button>
</form>`;
}
