/**
 * `prompt=select_account`, as Entra does it (docs/decisions.md, "Switch account: prompt=select_account"): single
 * sign-on is interrupted by an account choice — the account of the browser's session, or "Use another account" —
 * instead of a code handed back at once. Picking the session's account goes on as that session (no password);
 * "Use another account" is the sign-in page, where another person signs in. Without a session, the sign-in page.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphUser, type EntraFixture, graphToken, startEntraFixture, uniqueEmail } from './entra-fixture.js';
import { authCodeRequest, type CodeRequest, FormSession, formOf, signInWithForms } from './entra-forms.js';

let fixture: EntraFixture;
let admin: string;

beforeAll(async () => {
  fixture = await startEntraFixture();
  admin = await graphToken(fixture);
});
afterAll(async () => {
  await fixture?.close();
});

async function emailOf(request: CodeRequest, back: URL): Promise<unknown> {
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back.toString()}`);
  const result = await fixture.msal('external').acquireTokenByCode({
    code,
    scopes: ['openid', 'profile', 'email'],
    redirectUri: fixture.redirectUri,
    codeVerifier: request.verifier,
    nonce: request.nonce,
  });
  return decodeJwt(result.idToken).email;
}

describe('prompt=select_account', () => {
  it('when the browser has an SSO session, then Entra shows its account choice instead of reusing it, and picking that account goes on without a password', async () => {
    const email = uniqueEmail('pick');
    await createGraphUser(fixture, admin, email, 'Pick-Pass-1234');
    const browser = new FormSession();
    await signInWithForms(fixture, (await authCodeRequest(fixture, 'external')).url, email, 'Pick-Pass-1234', browser);

    // Without the prompt, single sign-on: straight back to the app.
    const silent = await browser.request((await authCodeRequest(fixture, 'external')).url);
    expect(silent.status).toBe(302);

    const request = await authCodeRequest(fixture, 'external', { prompt: 'select_account' });
    const choice = await browser.request(request.url);
    expect(choice.status).toBe(200);
    const page = await choice.text();
    expect(page).toContain('<h1>Pick an account</h1>');
    expect(page).toContain(`data-account="${email}"`);
    expect(page).toContain('>Use another account</a>');
    expect(page).not.toContain('name="password"');

    const form = formOf(page);
    const picked = await browser.request(`${fixture.entra.url}${form.action}`, {
      form: { tx: form.tx, csrf: form.csrf },
    });
    expect(picked.status).toBe(302);
    expect(await emailOf(request, new URL(picked.headers.get('location')!))).toBe(email);
  });

  it('when the person chooses "Use another account", then the sign-in page, where another account signs in', async () => {
    const first = uniqueEmail('first');
    const second = uniqueEmail('second');
    await createGraphUser(fixture, admin, first, 'First-Pass-1234');
    await createGraphUser(fixture, admin, second, 'Second-Pass-1234');
    const browser = new FormSession();
    await signInWithForms(fixture, (await authCodeRequest(fixture, 'external')).url, first, 'First-Pass-1234', browser);

    const request = await authCodeRequest(fixture, 'external', { prompt: 'select_account' });
    const page = await (await browser.request(request.url)).text();
    const another = /<a href="([^"]+)">Use another account<\/a>/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    expect(another).toBeTruthy();
    const signInPage = await browser.request(`${fixture.entra.url}${another}`);
    expect(signInPage.status).toBe(200);
    const form = formOf(await signInPage.text());
    let answer = await browser.request(`${fixture.entra.url}${form.action}`, {
      form: { tx: form.tx, csrf: form.csrf, email: second, password: 'Second-Pass-1234' },
    });
    if (answer.status === 200) {
      const consent = formOf(await answer.text());
      answer = await browser.request(`${fixture.entra.url}${consent.action}`, {
        form: { tx: consent.tx, csrf: consent.csrf, decision: 'yes' },
      });
    }
    expect(answer.status).toBe(302);
    expect(await emailOf(request, new URL(answer.headers.get('location')!))).toBe(second);
  });

  it('when the browser has no SSO session, then the sign-in page', async () => {
    const request = await authCodeRequest(fixture, 'external', { prompt: 'select_account' });
    const page = await new FormSession().request(request.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="password"');
  });

  it('when the account choice is posted from another browser, then it is refused and no code is issued', async () => {
    const email = uniqueEmail('steal');
    await createGraphUser(fixture, admin, email, 'Steal-Pass-1234');
    const browser = new FormSession();
    await signInWithForms(fixture, (await authCodeRequest(fixture, 'external')).url, email, 'Steal-Pass-1234', browser);
    const request = await authCodeRequest(fixture, 'external', { prompt: 'select_account' });
    const form = formOf(await (await browser.request(request.url)).text());
    const elsewhere = await new FormSession().request(`${fixture.entra.url}${form.action}`, {
      form: { tx: form.tx, csrf: form.csrf },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();
  });
});
