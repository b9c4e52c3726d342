/**
 * The sign-in rules of Entra that the local Entra ID keeps as strictly: smart lockout (10 wrong passwords lock the
 * account 1 minute, then longer; even the right password is refused meanwhile), passwords of ASCII characters only,
 * sign-up only through an app linked to a sign-up user flow, and ID token claims that depend on the scopes asked
 * (`email` only with `email`; it is the account's `mail`, whatever signs in — a user name too). A client signs in with
 * the account's email identity only, never its `mail` or UPN, as in External ID.
 */
import { randomBytes } from 'node:crypto';
import { CryptoProvider } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGraphUser,
  type EntraFixture,
  graphCall,
  graphToken,
  startEntraFixture,
  uniqueEmail,
} from './entra-fixture.js';
import { authCodeRequest, FormSession, formOf } from './entra-forms.js';

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

/** Opens the sign-in page of a fresh authorize request; returns a function posting the password. */
async function signInPage(email: string) {
  const session = new FormSession();
  const request = await authCodeRequest(fixture, 'external', { loginHint: email });
  const form = formOf(await (await session.request(request.url)).text());
  return (password: string) =>
    session.request(`${fixture.entra.url}${form.action}`, { form: { tx: form.tx, csrf: form.csrf, email, password } });
}

describe('smart lockout', () => {
  it('when a password is wrong 10 times, then the account is locked 1 minute, even for the right password, then longer', async () => {
    const email = uniqueEmail('lockout');
    await createGraphUser(fixture, admin, email, 'Right-Pass-123');
    const post = await signInPage(email);
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect(await (await post(`Wrong-Pass-${attempt}`)).text()).toContain('Your account or password is incorrect.');
    }
    const tenth = await post('Wrong-Pass-10');
    expect(tenth.status).toBe(200);
    expect(await tenth.text()).toContain('temporarily locked');
    const rightButLocked = await post('Right-Pass-123');
    expect(rightButLocked.status).toBe(200);
    expect(await rightButLocked.text()).toContain('Try again in 1 minute');

    clock += 61_000;
    // The lock is over; one more failure locks again, for twice as long.
    const again = await post('Wrong-Pass-11');
    expect(await again.text()).toContain('Try again in 2 minutes');
    clock += 121_000;
    const signedIn = await (await signInPage(email))('Right-Pass-123');
    expect(signedIn.status).not.toBe(400);
    expect(await signedIn.text()).not.toContain('locked');
  });

  it('when the password grant fails 10 times, then Entra answers AADSTS50053 and refuses the right password too', async () => {
    const { tenantId, apiAudience, professionalClient, professionalUser } = fixture.workforce;
    const grant = async (password: string) => {
      const response = await fetch(`${fixture.entra.authority(tenantId)}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: professionalClient.clientId,
          client_secret: professionalClient.clientSecret,
          scope: `${apiAudience}/.default`,
          username: professionalUser.username,
          password,
        }).toString(),
      });
      return (await response.json()) as { error_codes?: number[]; access_token?: string };
    };
    for (let attempt = 1; attempt <= 9; attempt++) expect((await grant('Wrong-1')).error_codes).toEqual([50126]);
    expect((await grant('Wrong-1')).error_codes).toEqual([50053]);
    expect((await grant(professionalUser.password)).error_codes).toEqual([50053]);
    clock += 61_000;
    expect((await grant(professionalUser.password)).access_token).toBeTruthy();
  });
});

describe('sign-in names in the External ID tenant', () => {
  it("when a client types the account's mail or UPN instead of its email identity, then the sign-in fails as a wrong password", async () => {
    const identity = uniqueEmail('identity');
    const mail = uniqueEmail('other-mail');
    const id = await createGraphUser(fixture, admin, identity, 'Right-Pass-123', { mail });
    const user = await graphCall(fixture, admin, 'GET', `/users/${id}?$select=id,userPrincipalName`);
    const upn = String(user.body.userPrincipalName);
    for (const name of [mail, upn]) {
      const page = await (await signInPage(name))('Right-Pass-123');
      expect(page.status, name).toBe(200);
      expect(await page.text(), name).toContain('Your account or password is incorrect.');
    }
    const signedIn = await (await signInPage(identity))('Right-Pass-123');
    expect(await signedIn.text()).not.toContain('Your account or password is incorrect.');
  });
});

describe('sign-up', () => {
  it('when a password with an accented letter is chosen at sign-up, then Entra says Unicode characters are not allowed', async () => {
    const email = uniqueEmail('unicode');
    const session = new FormSession();
    const request = await authCodeRequest(fixture, 'external', { loginHint: email, prompt: 'create' });
    const signUp = formOf(await (await session.request(request.url)).text());
    const sent = await session.request(`${fixture.entra.url}${signUp.action}`, {
      form: { tx: signUp.tx, csrf: signUp.csrf, email },
    });
    const verify = formOf(await sent.text());
    const page = await session.request(`${fixture.entra.url}${verify.action}`, {
      form: { tx: verify.tx, csrf: verify.csrf, code: fixture.lastCode(email)!, password: 'Éléphant-Rose-42' },
    });
    expect(await page.text()).toContain('Unicode characters are not allowed');
  });

  it('when an app is not linked to a sign-up user flow, then prompt=create comes back as an error and its page offers no sign-up', async () => {
    const crypto = new CryptoProvider();
    const { challenge } = await crypto.generatePkceCodes();
    const app = fixture.msal('external', fixture.external.readerClient);
    const url = (prompt?: string) =>
      app.getAuthCodeUrl({
        scopes: ['openid', 'profile', 'email'],
        redirectUri: fixture.redirectUri,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        state: 'state-1',
        responseMode: 'query',
        ...(prompt && { prompt }),
      });
    const refused = await new FormSession().request(await url('create'));
    expect(refused.status).toBe(302);
    const back = new URL(refused.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toContain('sign-up and sign-in user flow');
    const signIn = await (await new FormSession().request(await url())).text();
    expect(signIn).toContain('name="password"');
    expect(signIn).not.toContain('Create one');
    const linked = await (await new FormSession().request((await authCodeRequest(fixture, 'external')).url)).text();
    expect(linked).toContain('Create one');
  });
});

describe('ID token claims', () => {
  /** Signs in with `email` (or another sign-in name) and its password; the ID token MSAL redeems. */
  async function idTokenFor(email: string, scopes: string[]) {
    const session = new FormSession();
    const request = await authCodeRequest(fixture, 'external', { loginHint: email, scopes });
    const form = formOf(await (await session.request(request.url)).text());
    let response = await session.request(`${fixture.entra.url}${form.action}`, {
      form: { tx: form.tx, csrf: form.csrf, email, password: 'Claims-Pass-123' },
    });
    if (response.status === 200) {
      const consent = formOf(await response.text());
      response = await session.request(`${fixture.entra.url}${consent.action}`, {
        form: { tx: consent.tx, csrf: consent.csrf, decision: 'yes' },
      });
    }
    const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
    const result = await fixture.msal('external').acquireTokenByCode({
      code,
      scopes,
      redirectUri: fixture.redirectUri,
      codeVerifier: request.verifier,
      nonce: request.nonce,
    });
    return decodeJwt(result.idToken);
  }

  it('when the email scope is not asked, then the ID token has no email; with it, the verified address', async () => {
    const email = uniqueEmail('claims');
    await createGraphUser(fixture, admin, email, 'Claims-Pass-123');
    const without = await idTokenFor(email, ['openid']);
    expect(without).not.toHaveProperty('email');
    // MSAL always adds `profile`: name and preferred_username come with it.
    expect(without).toMatchObject({ name: 'Camille Client', preferred_username: email });
    const withEmail = await idTokenFor(email, ['openid', 'email']);
    expect(withEmail).toMatchObject({ email });
    expect(withEmail.iss).toBe(`https://${fixture.external.tenantId}.ciamlogin.com/${fixture.external.tenantId}/v2.0`);
  });

  it('when an account made through Graph signs in with a user name and its mail is set to any address, then it signs in and the ID token says email = that mail, as Entra does', async () => {
    // Graph lets an admin (or an app with User.ReadWrite.All) set `mail` to anything; Entra's `email` claim is `mail`.
    // Nothing here proves the address: the service must not bind on it (docs/decisions.md).
    const mail = uniqueEmail('claimed');
    const userName = `mallory-${randomBytes(4).toString('hex')}`;
    await createGraphUser(fixture, admin, mail, 'Claims-Pass-123', {
      identities: [{ signInType: 'userName', issuer: 'clients.example', issuerAssignedId: userName }],
    });
    const token = await idTokenFor(userName, ['openid', 'email']);
    expect(token).toMatchObject({ email: mail });
  });
});
