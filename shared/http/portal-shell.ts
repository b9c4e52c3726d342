/**
 * The signed-in part of a portal page, from the session a page read (`requireSession`): whose session, at which
 * place, whether its notice was closed (a claim of the session itself, so a new sign-in — a new session — shows it
 * again), the CSRF token of its forms, and the page to come back to after closing the notice. Also reading that
 * page back from the close form: only the portal's own pages, so the form cannot send anyone elsewhere.
 */
import type { Locale } from '../domain/locale.js';
import { placeName } from '../domain/use-cases/switch-account.js';
import type { SignedInShell } from '../web/portal-shell.js';
import type { BrowserDeps } from './browser.js';
import type { SignedIn } from './browser-session.js';
import { csrfFor } from './session.js';

/** The portal's pages the notice's close button may come back to. */
export const PORTAL_PAGES = [
  '/api/Welcome',
  '/api/Profile',
  '/api/Profile/password',
  '/api/SignIn/choose',
  '/api/CreateCompany',
] as const;

export async function signedInShell(
  deps: Pick<BrowserDeps, 'sessions' | 'onboarding'>,
  session: Extract<SignedIn, { signedIn: true }>,
  page: { path: (typeof PORTAL_PAGES)[number]; switchAccount?: boolean },
): Promise<SignedInShell> {
  const { claims, profile, locale } = session;
  return {
    email: claims.email,
    place: await placeName(deps.onboarding, profile, claims.current),
    noticeClosed: claims.noticeClosed === true,
    csrfToken: csrfFor(deps.sessions, claims),
    back: backTo(page.path, locale),
    switchAccount: page.switchAccount ?? true,
  };
}

const backTo = (path: string, locale: Locale) => `${path}?lang=${locale}`;

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
