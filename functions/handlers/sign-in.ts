/**
 * `GET /api/SignIn?client=&societe=` (seed 003's link): signing in again. A bare address shows the start page (the
 * agency's codes, optional, and "Sign in"); its form, a link with codes, `?go=1` or `?prompt=login` go on to Entra,
 * in the context of the provider the codes name. The start page also points to the mobile app's store pages, when
 * configured (seed 001's "Easy access"). Codes typed in the form (`form=codes`) that name no provider bring
 * the form back with one message. The access decision comes after authentication (SignInCallback).
 */
import { getDeps } from '../../shared/deps.js';
import { beginSignIn, providerOfTypedCodes } from '../../shared/domain/use-cases/sign-in.js';
import { storeUrls } from '../../shared/http/app-version.js';
import { type BrowserDeps, browserDeps, languageSwitch, pageLocale } from '../../shared/http/browser.js';
import { signInRedirect } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { renderSignInStartPage } from '../../shared/web/access-pages.js';

/** An agency's code as the link gives it (trimmed), or undefined when absent; `false` when malformed. */
function linkCode(value: string | null): string | undefined | false {
  if (value === null) return undefined;
  const code = value.trim();
  return /^[A-Za-z0-9_-]{0,64}$/.test(code) && code;
}

/** What the person typed, trimmed and cut to the field's length, to show it back. */
const codeAsTyped = (value: string | null) => (value ?? '').trim().slice(0, 64);

/** The browser's dependencies, and the mobile app's store pages the start page links to (seed 001). */
export type SignInDeps = BrowserDeps & { appStores: { ios?: string; android?: string } };

export const signInHandler: Handler<SignInDeps> = async (request, _context, deps, log) => {
  const locale = pageLocale(request);
  if (!['client', 'societe', 'go', 'prompt', 'form'].some((name) => request.query.has(name))) {
    return page(
      200,
      renderSignInStartPage({
        locale,
        action: '/api/SignIn',
        languageSwitch: languageSwitch('/api/SignIn', {}),
        appStores: deps.appStores,
      }),
    );
  }
  const client = linkCode(request.query.get('client'));
  const company = linkCode(request.query.get('societe'));
  if (request.query.get('form') === 'codes') {
    // Typed in the codes form: codes that name no provider bring the form back, with one message whatever was
    // wrong (an unknown client code, company code, or the two not matching); no codes at all go on without context.
    const typed = {
      client: codeAsTyped(request.query.get('client')),
      societe: codeAsTyped(request.query.get('societe')),
    };
    const known =
      client !== false && company !== false && client
        ? await providerOfTypedCodes(deps.onboarding, { client, ...(company ? { company } : {}) })
        : undefined;
    if ((typed.client || typed.societe) && !known) {
      log.info('sign-in.codes-unknown', { clientGiven: Boolean(typed.client), companyGiven: Boolean(typed.societe) });
      return page(
        400,
        renderSignInStartPage({
          locale,
          action: '/api/SignIn',
          client: typed.client,
          societe: typed.societe,
          unknownCodes: true,
          languageSwitch: languageSwitch('/api/SignIn', {}),
          appStores: deps.appStores,
        }),
      );
    }
  }
  // Malformed codes are ignored like unknown ones: the sign-in goes on without a provider's context.
  const linkCodes = client === false || company === false ? {} : { client, company };
  const { authorizeUrl, attempt, wanted } = await beginSignIn(deps.onboarding, {
    locale,
    codes: linkCodes,
    ...(request.query.get('prompt') === 'login' ? { prompt: 'login' as const } : {}),
  });
  log.info('sign-in.started', {
    wanted,
    codesGiven: Boolean(linkCodes.client),
    codesKnown: Boolean(wanted.providerId),
  });
  return signInRedirect(deps.sessions, authorizeUrl, { purpose: 'sign-in', attempt, locale, wanted });
};

/** `SignIn` as the host calls it (registered by functions/sign-in.ts, which imports this module on the first call). */
export const handler = edge(signInHandler, () => {
  const deps = getDeps();
  return { ...browserDeps(deps), appStores: storeUrls(deps.settings) };
});
