/**
 * `GET /api/SignIn/choose`: the company picker, for a client who belongs to several companies or providers.
 * `POST` (session + CSRF token, same origin): the chosen (provider, company) becomes the session's, then the welcome
 * page. A choice the session does not offer shows the picker again.
 */
import { getDeps } from '../../shared/deps.js';
import type { AccessChoice } from '../../shared/domain/client.js';
import { companyChoices } from '../../shared/domain/use-cases/sign-in.js';
import { type BrowserDeps, browserDeps, requireBrowserPost } from '../../shared/http/browser.js';
import { goToWelcome, requireSession, untrustedPostPage } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { signedInShell } from '../../shared/http/portal-shell.js';
import { page, redirect } from '../../shared/http/respond.js';
import { csrfFor } from '../../shared/http/session.js';
import { renderCompanyPickerPage } from '../../shared/web/company-pages.js';

/** A choice as the picker's radio buttons carry it. */
const choiceValue = (c: AccessChoice) => `${c.providerId}|${c.companyId ?? ''}`;

export const chooseHandler: Handler<BrowserDeps> = async (request, _context, deps, log) => {
  const session = await requireSession(request, deps, log);
  if (!session.signedIn) return session.refusal;
  const { claims, locale, profile } = session;
  const choices = claims.choices ?? (claims.current ? [claims.current] : []);
  if (request.method === 'GET') {
    const [named, signedIn] = await Promise.all([
      companyChoices(deps.onboarding, { clientKey: claims.clientKey, choices, profile }),
      signedInShell(deps, session, { path: '/api/SignIn/choose' }),
    ]);
    return page(
      200,
      renderCompanyPickerPage({
        locale,
        choices: named.map(({ choice, ...names }) => ({ value: choiceValue(choice), ...names })),
        csrfToken: csrfFor(deps.sessions, claims),
        action: '/api/SignIn/choose',
        signedIn,
      }),
    );
  }
  const post = await requireBrowserPost(request, deps, { claims, log, refusal: () => untrustedPostPage(locale) });
  if (!post.accepted) return post.refusal;
  const chosen = choices.find((c) => choiceValue(c) === post.fields.get('choice'));
  if (!chosen) return redirect('/api/SignIn/choose');
  log.info('sign-in.company.chosen', { providerId: chosen.providerId });
  return goToWelcome(deps.sessions, claims, { current: chosen, choices: undefined });
};

/** `ChooseCompany` as the host calls it (registered by functions/choose-company.ts, which imports this module on the first call). */
export const handler = edge(chooseHandler, () => browserDeps(getDeps()));
