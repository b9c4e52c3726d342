/**
 * Every form a browser posts is refused 403 before the handler does anything when it comes from another site, and —
 * when someone is signed in — when it lacks their session's CSRF token (SECURITY.md, "CSRF"). Each function that
 * takes a browser POST is called through its handler with the in-memory onboarding ports; any other dependency
 * throws when touched, so a handler that went past the check without the token cannot answer 403 here. The control
 * case (same origin, the session's token) goes past the check. A new browser POST must join a list below.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/http/sealed-cookies.js';
import { csrfFor, newSessionExpiry, type SessionClaims, sessions } from '../../shared/http/session.js';
import { createLogger } from '../../shared/log.js';
import { GFMS } from '../support/fakes.js';
import { NOUR_KEY, nourOfGfms, onboardingWorld } from '../support/onboarding-fakes.js';
import { functionsDir, registeredHandler } from '../support/registered-handler.js';

const BASE = 'https://onboarding.test';

/** The browser POSTs of a signed-in person, by function file, with what their session must say to reach the form. */
const SIGNED_IN: Record<string, Partial<SessionClaims>> = {
  'change-password.ts': {},
  'change-sign-in-email.ts': {},
  'choose-company.ts': { choices: [{ providerId: GFMS.id, companyId: 'co-1' }] },
  'close-signed-in-notice.ts': {},
  'create-company.ts': {
    onboarding: {
      invitationId: 'inv-1',
      invitationEtag: 'etag-1',
      providerId: GFMS.id,
      providerName: GFMS.name,
      platformName: 'GFMS Online',
      supportEmail: 'support@gfms.example',
      firstName: 'Mohamed-Nour',
      lastName: 'Benali',
    },
  },
  'profile-erasure.ts': {},
  'profile-two-step-off.ts': {},
  'profile-two-step.ts': {},
  'sign-in-two-step-help.ts': { twoStepPending: true },
  'sign-in-two-step.ts': { twoStepPending: true },
  'sign-out.ts': {},
  'switch-account.ts': {},
};
/** The browser POSTs of someone not signed in (a link, a reset): only where they come from is checked. */
const ANONYMOUS = [
  'accept-invitation-again.ts',
  'accept-invitation.ts',
  'invitation-new-link.ts',
  'reset-password-confirm.ts',
  'reset-password.ts',
];

/** The functions that take a POST and whose handler reads a browser form (directly or through the shared helpers). */
function browserPostFunctions(): string[] {
  return readdirSync(functionsDir)
    .filter((f) => f.endsWith('.ts'))
    .filter((file) => /methods:\s*\[[^\]]*'POST'/.test(readFileSync(path.join(functionsDir, file), 'utf8')))
    .filter((file) =>
      /requireBrowserPost|requireSignedInForm|linkFormPost|link-form\.js/.test(
        readFileSync(path.join(functionsDir, 'handlers', file), 'utf8'),
      ),
    )
    .sort();
}

/** Nour signed in (or not), the onboarding ports in memory, every other dependency throwing when touched. */
async function world(extra: Partial<SessionClaims> | undefined) {
  const w = onboardingWorld();
  w.clients.put(nourOfGfms());
  const s = sessions([randomBytes(32).toString('base64')]);
  const claims: SessionClaims = {
    sid: 'sid-1',
    clientKey: NOUR_KEY,
    clientId: 'client-1',
    email: 'mohamed-nour@example.com',
    name: 'Nour B.',
    locale: 'en',
    current: { providerId: GFMS.id, companyId: 'co-1' },
    ...extra,
  };
  const cookie = extra ? await s.session.seal(claims, newSessionExpiry(s)) : undefined;
  const known: Record<string, unknown> = {
    publicBaseUrl: BASE,
    settings: { PUBLIC_BASE_URL: BASE },
    sessions: s,
    onboarding: w.onboarding,
  };
  const touched: string[] = [];
  const deps = new Proxy(known, {
    get(target, property) {
      if (typeof property !== 'string' || property in target || property === 'then') return target[property as string];
      touched.push(property);
      throw new Error(`deps.${property} was touched`);
    },
  });
  return { deps, touched, cookie, csrf: csrfFor(s, claims), before: JSON.stringify([...w.clients.profiles]), w };
}

/** A form post to `route`, from `site`, with `fields`. */
function formPost(route: string, site: 'same-origin' | 'cross-site', fields: Record<string, string>, cookie?: string) {
  return new azf.HttpRequest({
    method: 'POST',
    url: `${BASE}/api/${route.replace(/\{(\w+)\}/g, 'x')}`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': site,
      origin: site === 'same-origin' ? BASE : 'https://attacker.example',
      ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
    },
    body: { string: new URLSearchParams(fields).toString() },
  });
}

/** The handler's answer to `request`, or what it threw. */
async function answer(file: string, request: azf.HttpRequest, deps: unknown) {
  const { handler } = await registeredHandler(file);
  const context = new azf.InvocationContext({ invocationId: 'inv-1', functionName: file, logHandler: () => {} });
  return handler(
    request,
    context,
    deps,
    createLogger(() => {}),
  ).then(
    (response) => ({ status: response.status, error: undefined }),
    (error: unknown) => ({ status: undefined, error }),
  );
}

describe('browser form posts', () => {
  it('when the functions are listed, then each one taking a browser form is in one of the lists of this file', () => {
    expect(browserPostFunctions()).toEqual([...Object.keys(SIGNED_IN), ...ANONYMOUS].sort());
  });

  it('when a function only acts (signs out, accepts, switches, sends a link, sets a password), then it takes no GET: a link or an image cannot make it act', () => {
    const acting = [
      'accept-invitation-again.ts',
      'accept-invitation.ts',
      'close-signed-in-notice.ts',
      'invitation-new-link.ts',
      'reset-password-confirm.ts',
      'sign-out.ts',
      'switch-account.ts',
    ];
    for (const file of acting) {
      const methods = /methods:\s*\[([^\]]*)\]/.exec(readFileSync(path.join(functionsDir, file), 'utf8'))?.[1];
      expect(methods?.replace(/\s/g, ''), file).toBe("'POST'");
    }
  });

  for (const [file, extra] of Object.entries(SIGNED_IN)) {
    it(`when ${file} gets a signed-in post without the session’s CSRF token, or from another site with it, then 403 and nothing is done; with it, from our pages, it goes past the check`, async () => {
      const { route } = await registeredHandler(file);
      const { deps, touched, cookie, csrf, before, w } = await world(extra);
      for (const [what, request] of [
        ['no token', formPost(route, 'same-origin', { lang: 'en' }, cookie)],
        [
          'another session’s token',
          formPost(
            route,
            'same-origin',
            { csrf: csrfFor(sessions([randomBytes(32).toString('base64')]), { sid: 'sid-1' }) },
            cookie,
          ),
        ],
        ['cross-site, with the token', formPost(route, 'cross-site', { csrf }, cookie)],
      ] as const) {
        expect(await answer(file, request, deps), what).toEqual({ status: 403, error: undefined });
      }
      expect(touched).toEqual([]);
      expect(JSON.stringify([...w.clients.profiles])).toBe(before);

      const control = await answer(file, formPost(route, 'same-origin', { csrf, lang: 'en' }, cookie), deps);
      expect(control.status, String(control.error)).not.toBe(403);
      // The first file imports its handler and the modules it loads: seconds on a busy 2-core machine.
    }, 20_000);
  }

  for (const file of ANONYMOUS) {
    it(`when ${file} gets a post from another site, then 403 and nothing is done; from our pages, it goes past the check`, async () => {
      const { route } = await registeredHandler(file);
      const { deps, touched } = await world(undefined);
      expect(await answer(file, formPost(route, 'cross-site', { email: 'a@example.com' }), deps)).toEqual({
        status: 403,
        error: undefined,
      });
      expect(touched).toEqual([]);
      const control = await answer(file, formPost(route, 'same-origin', { email: 'a@example.com' }), deps);
      expect(control.status, String(control.error)).not.toBe(403);
    });
  }
});
