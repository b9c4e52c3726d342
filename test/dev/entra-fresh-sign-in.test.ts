/**
 * A fresh sign-in, as Entra gives one (docs/decisions.md, "Fresh sign-in: auth_time, prompt=login and max_age"):
 * `auth_time` in the ID token says when the person last proved who they are — the time of the password, kept by the
 * SSO session, not the time of the token; `max_age` older than that session asks for the password again, `prompt=login`
 * always does. The claim is optional in Entra (the app registration asks for it) and always comes with `max_age`.
 */
import { CryptoProvider } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphUser, type EntraFixture, graphToken, startEntraFixture, uniqueEmail } from './entra-fixture.js';
import { FormSession, signInWithForms } from './entra-forms.js';

let fixture: EntraFixture;
let clock = Date.now();
let admin: string;

beforeAll(async () => {
  fixture = await startEntraFixture({ now: () => clock });
  admin = await graphToken(fixture);
});
afterAll(async () => {
  await fixture?.close();
});

/** An authorize URL of the portal app with fresh PKCE, and these extra parameters (`max_age`, `prompt`). */
async function authorizeUrl(email: string, extra: Record<string, string> = {}) {
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const nonce = crypto.createNewGuid();
  const url = await fixture.msal('external').getAuthCodeUrl({
    scopes: ['openid'],
    redirectUri: fixture.redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    state: crypto.createNewGuid(),
    nonce,
    responseMode: 'query',
    loginHint: email,
    extraQueryParameters: extra,
  });
  return { url, verifier, nonce };
}

async function idToken(request: { verifier: string; nonce: string }, back: URL) {
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back.toString()}`);
  const result = await fixture.msal('external').acquireTokenByCode({
    code,
    scopes: ['openid'],
    redirectUri: fixture.redirectUri,
    codeVerifier: request.verifier,
    nonce: request.nonce,
  });
  return decodeJwt(result.idToken);
}

describe('fresh sign-in', () => {
  it('when max_age is older than the SSO session, then the password is asked again and auth_time is that new sign-in; younger, then SSO and the first sign-in time', async () => {
    const email = uniqueEmail('fresh');
    await createGraphUser(fixture, admin, email, 'Fresh-Pass-123');
    const browser = new FormSession();
    const first = await authorizeUrl(email);
    const firstToken = await idToken(
      first,
      await signInWithForms(fixture, first.url, email, 'Fresh-Pass-123', browser),
    );
    // The portal app of the fixture did not ask for the optional claim, and no max_age was sent: none, as in Entra.
    expect(firstToken).not.toHaveProperty('auth_time');

    clock += 10 * 60_000;
    const stale = await authorizeUrl(email, { max_age: '300' });
    const page = await browser.request(stale.url);
    // The SSO session is 10 minutes old: the sign-in page, not a redirect with a code.
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="password"');
    const signedInAt = clock;
    const staleToken = await idToken(
      stale,
      await signInWithForms(fixture, stale.url, email, 'Fresh-Pass-123', browser),
    );
    expect(staleToken.auth_time).toBe(Math.floor(signedInAt / 1000));

    clock += 60_000;
    const recent = await authorizeUrl(email, { max_age: '300' });
    const sso = await browser.request(recent.url);
    expect(sso.status).toBe(302);
    const recentToken = await idToken(recent, new URL(sso.headers.get('location')!));
    // SSO: the time of the password, one minute ago, not the time of this token.
    expect(recentToken.auth_time).toBe(Math.floor(signedInAt / 1000));
    expect(recentToken.iat).toBe(Math.floor(clock / 1000));
  });

  it('when prompt=login is sent, then the password is asked even in a fresh SSO session', async () => {
    const email = uniqueEmail('login');
    await createGraphUser(fixture, admin, email, 'Fresh-Pass-123');
    const browser = new FormSession();
    const first = await authorizeUrl(email);
    await signInWithForms(fixture, first.url, email, 'Fresh-Pass-123', browser);
    const again = await authorizeUrl(email, { prompt: 'login', max_age: '300' });
    const page = await browser.request(again.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="password"');
  });

  it('when max_age is not a number of seconds, then Entra sends invalid_request back to the app', async () => {
    const email = uniqueEmail('maxage');
    const request = await authorizeUrl(email, { max_age: 'soon' });
    const answer = await new FormSession().request(request.url);
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });
});
