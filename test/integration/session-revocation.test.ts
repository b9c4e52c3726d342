/**
 * Sessions end on the server too (issue 9, defect 10), over HTTP on the running integration stack with real
 * sign-ins at the local Entra:
 * - a session cookie copied before signing out is refused afterwards (the 401 "session expired" page) on every page
 *   that reads the session, although the cookie itself would still open for hours;
 * - a client blocked, or merged into another account, while signed in gets the access-refused page of sign-in
 *   (seed 004) on the next page, and the answer clears the session cookie.
 * Records are changed directly in `ClientAccounts`, as ops tooling would.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/http/sealed-cookies.js';
import { maskEmail } from '../../shared/log.js';
import { invitationFor, invite, pageText } from '../support/invitations.js';
import {
  clears,
  createClientAccount,
  csrfIn,
  expectSecurityHeaders,
  onboardThroughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { setAccess } from '../support/onboarding-store.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

/** A client of GFMS onboarded for real, on their welcome page: the visitor's jar holds the session. */
async function signedInClient(label: string) {
  const email = uniqueEmail(label);
  const password = 'Session-Pass-12345';
  const oid = await createClientAccount(email, password, 'Willy Urs');
  const created = await invite(
    invitationFor(email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: 'Urs Sessions SARL',
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password });
  const welcome = await visitor.get(api('/Welcome'));
  expect(welcome.status).toBe(200);
  return { visitor, welcome, partition: `${stack().entra.external.tenantId}|${oid}` };
}

/** Another browser holding only a copy of the session cookie. */
function withCopiedCookie(cookie: string): Visitor {
  const thief = new Visitor();
  thief.setCookie(SESSION_COOKIE, cookie);
  return thief;
}

describe('a copied session cookie after signing out', () => {
  it('when the client signs out, then the cookie copied before is refused with the 401 "session ended" page on every signed-in page', async () => {
    const { visitor, welcome } = await signedInClient('copied');
    const copied = visitor.cookie(SESSION_COOKIE)!;
    expect(copied).toBeTruthy();
    const thief = withCopiedCookie(copied);
    expect((await thief.get(api('/Welcome'))).status, 'the copy works while the session lives').toBe(200);

    const signedOut = await visitor.post(api('/SignOut'), { csrf: csrfIn(welcome.body) });
    // On to the client tenant's sign-out (test/integration/sign-out-entra.test.ts follows it).
    expect(signedOut.status).toBe(303);
    expect(visitor.cookie(SESSION_COOKIE)).toBeUndefined();
    // The browser that signed out has no cookie: its next signed-in page says it is not signed in, not "expired".
    const own = await visitor.get(api('/Welcome?lang=en'));
    expect(own.status).toBe(401);
    expect(pageText(own.body)).toContain('You are not signed in');
    expect(pageText(own.body)).not.toContain('Your session has expired');

    for (const page of ['/Welcome', '/SignIn/choose', '/CreateCompany']) {
      // Each time the copy itself (the refusal clears the cookie in the browser that sent it).
      const replayed = await withCopiedCookie(copied).get(api(page));
      expect(replayed.status, page).toBe(401);
      expect(pageText(replayed.body), page).toContain('Your session was ended');
      expect(pageText(replayed.body), page).not.toContain('Your session has expired');
      expectSecurityHeaders(replayed);
    }
    // A post with the copy (and its still valid CSRF token) is refused as well: nobody is signed in any more.
    const picked = await withCopiedCookie(copied).post(api('/SignIn/choose'), {
      csrf: csrfIn(welcome.body),
      choice: 'gfms|',
    });
    expect(picked.status).toBe(401);
    expect(picked.setCookies.filter((l) => l.startsWith(`${SESSION_COOKIE}=`)).every(clears)).toBe(true);
  });
});

describe('access re-checked while signed in', () => {
  it('when the provider blocks the client mid-session, then the next welcome page is the access-refused page of sign-in, and the session cookie is cleared', async () => {
    const { visitor, partition } = await signedInClient('blocked-mid');
    const since = new Date('2025-03-14T09:00:00Z');
    await setAccess(partition, 'gfms', { status: 'blocked', since, by: 'Camille Passé', reason: 'unpaid' });

    const next = await visitor.get(api('/Welcome'));
    expect(next.status).toBe(403);
    const text = pageText(next.body);
    expect(text).toContain('Your access has been suspended');
    expect(text).toContain('Your access to this account has been blocked by GFMS since');
    expect(text).toMatch(/14 March 2025|March 14, 2025|14\/03\/2025|3\/14\/2025/);
    expect(next.body).toContain('support@gfms.example');
    expectSecurityHeaders(next);
    expect(next.setCookies.some((l) => l.startsWith(`${SESSION_COOKIE}=`) && clears(l))).toBe(true);
    expect(visitor.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('when the client’s record is merged into another account mid-session, then the next page says so, naming the other address masked', async () => {
    const { visitor, partition } = await signedInClient('merged-mid');
    const copied = visitor.cookie(SESSION_COOKIE)!;
    const into = uniqueEmail('merged-mid-into');
    await setAccess(partition, 'gfms', { status: 'merged', since: new Date(), into });

    const next = await withCopiedCookie(copied).get(api('/SignIn/choose'));
    expect(next.status).toBe(403);
    expect(pageText(next.body)).toContain('This account has been merged into another one');
    expect(pageText(next.body)).toContain(maskEmail(into));
  });
});
