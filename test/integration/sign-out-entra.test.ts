/**
 * Signing out ends Entra's session too (RP-initiated logout), over HTTP on the running integration stack with real
 * sign-ins at the local Entra, for the console (workforce tenant) and the client portal (client tenant):
 * - the sign-out post answers 303 to the tenant's `/oauth2/v2.0/logout` with the signed-out page as the registered
 *   `post_logout_redirect_uri` and the page's language in `state` (and `ui_locales`);
 * - followed, the local Entra ends its single sign-on session and comes back to our signed-out page, in that
 *   language, with the pages' headers;
 * - the next sign-in (the back button's console page, or "Sign in again") meets Entra's sign-in page and its
 *   password field, instead of coming back signed in without one — the defect QA found: our page said the session
 *   had ended while Entra's still signed the person in.
 */
import { describe, expect, it } from 'vitest';
import { CONSOLE_COOKIE } from '../../shared/http/console-session.js';
import { SESSION_COOKIE } from '../../shared/http/sealed-cookies.js';
import { asProfessional } from '../support/console-http.js';
import { invitationFor, invite, pageText } from '../support/invitations.js';
import {
  clears,
  createClientAccount,
  csrfIn,
  type Exchange,
  expectSecurityHeaders,
  onboardThroughEntra,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const workforce = () => stack().entra.workforce;
const external = () => stack().entra.external;
const entraOrigin = () => new URL(stack().entra.url).origin;
const ssoCookie = (tenantId: string) => `__Host-lentra-sso-${tenantId}`;

/** The sign-out answer: a 303 to the tenant's logout, asked to come back to `back` with `lang` in `state`. */
function expectLogoutRedirect(out: Exchange, authority: string, back: string, lang: string): URL {
  expect(out.status, out.body.slice(0, 300)).toBe(303);
  const logout = new URL(out.location!);
  expect(`${logout.origin}${logout.pathname}`).toBe(`${authority}/oauth2/v2.0/logout`);
  expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(back);
  expect(logout.searchParams.get('state')).toBe(lang);
  expect(logout.searchParams.get('ui_locales')).toBe(lang);
  expectSecurityHeaders(out);
  return logout;
}

/** Follows the logout at the local Entra: its session cookie cleared, then back to our signed-out page. */
async function throughEntraLogout(visitor: Visitor, logout: URL, tenantId: string, back: string, lang: string) {
  const atEntra = await visitor.get(logout.toString());
  expect(atEntra.status, atEntra.body.slice(0, 300)).toBe(302);
  expect(atEntra.location).toBe(`${back}?state=${lang}`);
  expect(atEntra.setCookies.some((c) => c.startsWith(`${ssoCookie(tenantId)}=`) && clears(c))).toBe(true);
  expect(visitor.cookie(ssoCookie(tenantId), entraOrigin())).toBeUndefined();
  const signedOut = await visitor.get(atEntra.location!);
  expect(signedOut.status).toBe(200);
  expectSecurityHeaders(signedOut);
  return signedOut;
}

/** An authorize request the local Entra answers with its sign-in page (email and password), not a redirect back. */
async function expectPasswordAsked(visitor: Visitor, authorizeUrl: string, tenantId: string) {
  const authorize = new URL(authorizeUrl);
  expect(authorize.pathname).toBe(`/${tenantId}/oauth2/v2.0/authorize`);
  expect(authorize.searchParams.get('prompt')).toBeNull();
  const atEntra = await visitor.get(authorizeUrl);
  expect(atEntra.status, `Entra answered ${atEntra.status} → ${atEntra.location ?? ''}`).toBe(200);
  expect(atEntra.body).toMatch(/name="password"/);
}

describe('signing out of the console', () => {
  it('when the professional signs out, then Entra’s session ends too, the signed-out page comes back in English, and the back button’s console page asks for the password again', async () => {
    const visitor = new Visitor();
    const started = await visitor.get(api('/console/sign-in?lang=en'));
    expect(started.status).toBe(303);
    const callback = await visitor.get(
      await throughEntra(visitor, started.location!, asProfessional(workforce().professionalUser)),
    );
    expect(callback.status, callback.body.slice(0, 300)).toBe(303);
    const home = await visitor.get(api('/console?lang=en'));
    expect(home.status).toBe(200);
    expect(visitor.cookie(ssoCookie(workforce().tenantId), entraOrigin()), 'Entra’s SSO session').toBeTruthy();

    const out = await visitor.post(api('/console/sign-out?lang=en'), { csrf: csrfIn(home.body) });
    const back = api('/console/signed-out');
    const logout = expectLogoutRedirect(out, workforce().authority, back, 'en');
    expect(out.setCookies.some((c) => c.startsWith(`${CONSOLE_COOKIE}=`) && clears(c))).toBe(true);

    const signedOut = await throughEntraLogout(visitor, logout, workforce().tenantId, back, 'en');
    expect(pageText(signedOut.body)).toContain('You are signed out');
    expect(signedOut.body).toContain('<html lang="en"');

    // The back button: a console page again, no session, so the console's sign-in, then Entra — which asks.
    const again = await visitor.get(api('/console?lang=en'));
    expect(again.status).toBe(303);
    expect(new URL(again.location!).pathname).toBe('/api/console/sign-in');
    const signIn = await visitor.get(again.location!);
    expect(signIn.status).toBe(303);
    await expectPasswordAsked(visitor, signIn.location!, workforce().tenantId);
  });

  it('when the signed-out page is opened with a language of its own or none, then it shows it, else the browser’s, else French', async () => {
    const visitor = new Visitor();
    const fr = await visitor.get(api('/console/signed-out?state=fr'));
    expect(fr.status).toBe(200);
    expect(pageText(fr.body)).toContain('Vous êtes déconnecté');
    expectSecurityHeaders(fr);
    const browsers = await visitor.get(api('/console/signed-out'), {
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(browsers.body).toContain('<html lang="en"');
    const odd = await visitor.get(api('/console/signed-out?state=%3Cscript%3E'));
    expect(odd.status).toBe(200);
    expect(odd.body).toContain('<html lang="fr"');
    expect(odd.body).not.toContain('<script>');
  });
});

describe('signing out of the client portal', () => {
  it('when the client signs out, then Entra’s session ends too, the signed-out page comes back in French, and "Sign in again" asks for the password', async () => {
    const email = uniqueEmail('entra-sign-out');
    const password = 'Sign-Out-Pass-12345';
    await createClientAccount(email, password, 'Willy Urs');
    const created = await invite(
      invitationFor(email, {
        sendEmail: false,
        locale: 'fr',
        company: {
          name: 'Urs Déconnexion SARL',
          address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
        },
      }),
    );
    expect(created.status).toBe(201);
    const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password });
    const welcome = await visitor.get(api('/Welcome?lang=fr'));
    expect(welcome.status).toBe(200);
    expect(visitor.cookie(ssoCookie(external().tenantId), entraOrigin()), 'Entra’s SSO session').toBeTruthy();

    const out = await visitor.post(api('/SignOut?lang=fr'), { csrf: csrfIn(welcome.body) });
    const back = api('/SignedOut');
    const logout = expectLogoutRedirect(out, external().authority, back, 'fr');
    expect(out.setCookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`) && clears(c))).toBe(true);

    const signedOut = await throughEntraLogout(visitor, logout, external().tenantId, back, 'fr');
    expect(pageText(signedOut.body)).toContain('Vous êtes déconnecté');
    expect(signedOut.body).toContain('<html lang="fr"');
    const signInAgain = /<a class="button" href="([^"]+)"/.exec(signedOut.body)?.[1];
    expect(signInAgain).toBe('/api/SignIn?go=1');

    // "Se reconnecter": the sign-in goes to Entra, which asks for the password (no SSO session left to reuse).
    const signIn = await visitor.get(new URL(signInAgain!, api('/')).toString());
    expect(signIn.status).toBe(303);
    await expectPasswordAsked(visitor, signIn.location!, external().tenantId);
  });

  it('when the signed-out page is opened in English, then it is in English and links to the sign-in', async () => {
    const page = await new Visitor().get(api('/SignedOut?state=en'));
    expect(page.status).toBe(200);
    expect(pageText(page.body)).toContain('You are signed out');
    expectSecurityHeaders(page);
  });
});
