/**
 * The signed-in part of a portal page, from the session a page read (`requireSession`): whose session, at which
 * place, whether its notice was closed (a claim of the session itself, so a new sign-in — a new session — shows it
 * again), the CSRF token of its forms, and the page to come back to after closing the notice.
 */
import { placeName } from '../domain/use-cases/switch-account.js';
import { backTo, type PORTAL_PAGES, type SignedInShell } from '../web/portal-shell.js';
import type { BrowserDeps } from './browser.js';
import type { SignedIn } from './browser-session.js';
import { csrfFor } from './session.js';

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
