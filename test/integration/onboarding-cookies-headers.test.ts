/**
 * What the service's answers carry, read raw over HTTP from the running integration stack along the whole flow —
 * landing, accept, a wrong account, "sign in as", the callback, Create Company (invalid and valid), welcome, sign
 * out (and the signed-out page Entra's sign-out comes back to), sign in again, a replayed callback, pages without a
 * session:
 * - SECURITY.md "Sign-in": every cookie (`__Host-signin`, `__Host-session`, and the lines that clear them) is
 *   `__Host-` prefixed, Secure, HttpOnly, SameSite=Lax, Path=/, without Domain;
 * - SECURITY.md "Responses and logs": every page and redirect carries `Cache-Control: no-store`, a CSP with
 *   `frame-ancestors 'none'` (no inline script but by nonce), `X-Content-Type-Options: nosniff` and
 *   `Referrer-Policy: no-referrer`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from '../../shared/http/sealed-cookies.js';
import { invitationFor, invite } from '../support/invitations.js';
import {
  acceptThroughEntra,
  clears,
  companyFormValues,
  cookieAttributes,
  createClientAccount,
  type Exchange,
  expectHostCookie,
  expectSecurityHeaders,
  signInThroughEntra,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { api, uniqueEmail } from '../support/stack.js';

const visitor = new Visitor();
const steps = new Map<string, Exchange>();

/** Every `Set-Cookie` line the service sent along the journey, with the step that sent it. */
const cookieLines = () =>
  [...steps].flatMap(([step, exchange]) =>
    exchange.setCookies.map((line) => ({ step, line, ...cookieAttributes(line) })),
  );

beforeAll(async () => {
  const invited = { email: uniqueEmail('headers'), password: 'Headers-Pass-1234' };
  const other = { email: uniqueEmail('headers-other'), password: 'Headers-Other-1234' };
  await Promise.all([
    createClientAccount(invited.email, invited.password),
    createClientAccount(other.email, other.password),
  ]);
  const created = await invite(
    invitationFor(invited.email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: 'Headers & Co',
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  const link = String(created.body.acceptUrl);

  const wrong = await acceptThroughEntra(visitor, link, other);
  steps.set('landing page', wrong.landing);
  steps.set('accept', wrong.started);
  steps.set('callback, wrong account', wrong.callback);
  expect(wrong.callback.status).toBe(403);

  const again = await visitor.post(api('/AcceptInvitation/again'), { lang: 'en' });
  steps.set('sign in as the invited address', again);
  const accepted = await visitor.get(await throughEntra(visitor, again.location!, invited));
  steps.set('callback, accepted', accepted);
  expect(accepted.status).toBe(303);

  const form = await visitor.get(api('/CreateCompany'));
  steps.set('Create Company', form);
  const values = companyFormValues(form.body);
  steps.set('Create Company, invalid', await visitor.post(api('/CreateCompany'), { ...values, postalCode: '7' }));
  steps.set(
    'Create Company, invalid as JSON',
    await visitor.post(api('/CreateCompany'), { ...values, name: '' }, { headers: { accept: 'application/json' } }),
  );
  const script = /<script type="module" src="([^"]+)"/.exec(form.body)?.[1];
  steps.set('Create Company script', await visitor.get(new URL(script!, api('/')).toString()));
  const created2 = await visitor.post(api('/CreateCompany'), values);
  steps.set('Create Company, valid', created2);
  expect(created2.status).toBe(303);
  steps.set('welcome', await visitor.get(api('/Welcome')));
  steps.set('company picker', await visitor.get(api('/SignIn/choose')));

  const welcome = steps.get('welcome')!;
  const signOutToken = /name="csrf" value="([^"]+)"/.exec(welcome.body)?.[1] ?? '';
  const signedOut = await visitor.post(api('/SignOut'), { csrf: signOutToken });
  steps.set('sign out', signedOut);
  expect(signedOut.status).toBe(303);
  // Entra's sign-out (its session ends), then back to the signed-out page.
  const atEntra = await visitor.get(signedOut.location!);
  expect(atEntra.status).toBe(302);
  steps.set('signed out', await visitor.get(atEntra.location!));
  steps.set('welcome, signed out', await visitor.get(api('/Welcome')));

  const again2 = await signInThroughEntra(visitor, invited);
  steps.set('sign in', again2.started);
  steps.set('sign-in callback', again2.callback);
  expect(again2.callback.status).toBe(303);
  steps.set('welcome, signed in again', await visitor.get(api('/Welcome')));
  // The browser goes back in its history: the sign-in callback again (its cookie is gone).
  steps.set('sign-in callback, replayed', await visitor.get(again2.callbackUrl));
  steps.set('acceptance callback, replayed', await visitor.get(accepted.url));
  steps.set('acceptance callback, cancelled', await visitor.get(api('/AcceptInvitation/callback?error=access_denied')));
});

describe('the cookies the service sets', () => {
  it('when the journey is over, then each kind of cookie was set and cleared along it', () => {
    const lines = cookieLines();
    const names = new Set(lines.map((c) => c.name));
    expect(names).toEqual(new Set([SIGN_IN_COOKIE, SESSION_COOKIE]));
    for (const name of [SIGN_IN_COOKIE, SESSION_COOKIE]) {
      expect(
        lines.some((c) => c.name === name && !clears(c.line)),
        `${name} set`,
      ).toBe(true);
      expect(
        lines.some((c) => c.name === name && clears(c.line)),
        `${name} cleared`,
      ).toBe(true);
    }
    expect(steps.get('accept')!.setCookies.map((l) => cookieAttributes(l).name)).toEqual([SIGN_IN_COOKIE]);
    expect(
      steps
        .get('callback, accepted')!
        .setCookies.filter((l) => !clears(l))
        .map((l) => cookieAttributes(l).name),
    ).toEqual([SESSION_COOKIE]);
    expect(steps.get('sign out')!.setCookies.every(clears)).toBe(true);
  });

  it('when any cookie is set or cleared, then it is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain', () => {
    const lines = cookieLines();
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const { step, line } of lines) {
      try {
        expectHostCookie(line);
      } catch (error) {
        throw new Error(`${step}: ${(error as Error).message}`);
      }
    }
  });

  it('when the sign-in cookie is set, then it lives 15 minutes; the session lives 8 hours', () => {
    const signin = cookieLines().find((c) => c.step === 'accept' && c.name === SIGN_IN_COOKIE)!;
    expect(Number(signin.attributes.get('max-age'))).toBe(15 * 60);
    const session = cookieLines().find((c) => c.step === 'callback, accepted' && c.name === SESSION_COOKIE)!;
    expect(Number(session.attributes.get('max-age'))).toBe(8 * 60 * 60);
  });
});

describe('the security headers of every page of the flow', () => {
  it('when the journey is over, then it went through each page it names', () => {
    const statuses = Object.fromEntries([...steps].map(([step, e]) => [step, e.status]));
    expect(statuses).toMatchObject({
      'landing page': 200,
      accept: 303,
      'callback, wrong account': 403,
      'sign in as the invited address': 303,
      'callback, accepted': 303,
      'Create Company': 200,
      'Create Company, invalid': 400,
      'Create Company, invalid as JSON': 400,
      'Create Company script': 200,
      'Create Company, valid': 303,
      welcome: 200,
      'company picker': 200,
      'sign out': 303,
      'signed out': 200,
      'welcome, signed out': 401,
      'sign in': 303,
      'sign-in callback': 303,
      'welcome, signed in again': 200,
      'sign-in callback, replayed': 400,
      'acceptance callback, replayed': 400,
      'acceptance callback, cancelled': 400,
    });
  });

  for (const step of [
    'landing page',
    'accept',
    'callback, wrong account',
    'sign in as the invited address',
    'callback, accepted',
    'Create Company',
    'Create Company, invalid',
    'Create Company, invalid as JSON',
    'Create Company, valid',
    'welcome',
    'company picker',
    'sign out',
    'signed out',
    'welcome, signed out',
    'sign in',
    'sign-in callback',
    'welcome, signed in again',
    'sign-in callback, replayed',
    'acceptance callback, replayed',
    'acceptance callback, cancelled',
  ]) {
    it(`when the service answers the ${step} step, then no-store, frame-ancestors 'none', nosniff and no-referrer are there`, () => {
      expectSecurityHeaders(steps.get(step)!);
    });
  }

  it('when the page script is served, then it is JavaScript with nosniff and a CSP that frames nothing', () => {
    const script = steps.get('Create Company script')!;
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
