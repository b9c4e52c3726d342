/**
 * The local Entra ID's pages in Chromium, driven from MSAL's own authorize URLs: sign-up with the emailed
 * code (CAS 2), sign-in of an account made through Graph (CAS 1), SSO and prompt=login, consent Yes/No,
 * locked accounts, forced password change, French pages, CSRF, and axe-core on every page.
 */
import { createRequire } from 'node:module';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import {
  createGraphUser,
  type EntraFixture,
  graphCall,
  graphToken,
  startEntraFixture,
  uniqueEmail,
} from './entra-fixture.js';
import { authCodeRequest, type CodeRequest } from './entra-forms.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PASSWORD = 'Correct-Horse-Battery-9';
const SCOPES = ['openid', 'profile', 'email'];

describe.runIf(!chromiumMissing())('local Entra ID pages in Chromium', () => {
  let fixture: EntraFixture;
  let browser: Browser;
  let graph: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([startEntraFixture(), launchChromium()]);
    graph = await graphToken(fixture);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await fixture?.close();
  });

  /** A fresh browser profile; `callback` resolves with the first request to the app's redirect URI. */
  async function open(
    options: { bypassCSP?: boolean } = {},
  ): Promise<{ page: Page; context: BrowserContext; callback: () => Promise<URL>; consoleErrors: string[] }> {
    // bypassCSP lets axe-core be injected; the pages' own CSP allows only nonce'd styles and scripts.
    const context = await browser.newContext({ ignoreHTTPSErrors: true, bypassCSP: options.bypassCSP ?? true });
    contexts.push(context);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    let pending: Promise<URL> = new Promise(() => undefined);
    const arm = () => {
      pending = new Promise<URL>((resolve) => {
        const listener = (request: { url(): string }) => {
          if (request.url().startsWith(fixture.redirectUri)) {
            page.off('request', listener);
            resolve(new URL(request.url()));
          }
        };
        page.on('request', listener);
      });
    };
    arm();
    return {
      page,
      context,
      consoleErrors,
      callback: async () => {
        const url = await pending;
        arm();
        return url;
      },
    };
  }

  async function expectAccessible(page: Page): Promise<void> {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(): Promise<{ passes: unknown[]; violations: Array<{ id: string; nodes: unknown[] }> }> };
        }
      ).axe;
      const results = await axe.run();
      return {
        passes: results.passes.length,
        violations: results.violations.map((v) => ({ id: v.id, nodes: v.nodes.length })),
      };
    });
    expect(violations.violations, await page.title()).toEqual([]);
    expect(violations.passes).toBeGreaterThan(5);
  }

  async function redeem(request: CodeRequest, back: URL) {
    return fixture.msal('external').acquireTokenByCode(
      {
        code: back.searchParams.get('code')!,
        scopes: SCOPES,
        redirectUri: fixture.redirectUri,
        codeVerifier: request.verifier,
        state: request.state,
        nonce: request.nonce,
      },
      {
        code: back.searchParams.get('code')!,
        state: back.searchParams.get('state')!,
        client_info: back.searchParams.get('client_info')!,
      },
    );
  }

  async function signIn(page: Page, password: string): Promise<void> {
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('when a new client signs up with the emailed code and consents, then MSAL gets an ID token jose verifies', async () => {
    const email = uniqueEmail('cas2');
    const request = await authCodeRequest(fixture, 'external', { loginHint: email, prompt: 'create', uiLocales: 'en' });
    expect(request.url).toContain('code_challenge_method=S256');
    const { page, callback } = await open();

    await page.goto(request.url);
    await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(email);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send code' }).click();

    await page.getByLabel('Verification code').waitFor();
    const mail = fixture.emails.at(-1)!;
    expect(mail).toMatchObject({ to: email, locale: 'en' });
    expect(mail.subject).toContain('verification code');
    const code = fixture.lastCode(email)!;
    expect(code).toMatch(/^\d{6}$/);
    await expectAccessible(page);

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await page.getByLabel('Verification code').fill(wrong);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('code is incorrect');

    await page.getByLabel('Verification code').fill(code);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('between 8 and 256 characters');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Permissions requested' }).waitFor();
    expect(await page.textContent('main')).toContain('Client portal');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Yes' }).click();

    const back = await callback();
    expect(back.searchParams.get('state')).toBe(request.state);
    expect(back.searchParams.get('session_state')).toBeTruthy();
    const result = await redeem(request, back);

    const { tenantId, portalClient } = fixture.external;
    const jwks = createRemoteJWKSet(new URL(`${fixture.entra.authority(tenantId)}/discovery/v2.0/keys`));
    const verify = (token: string) =>
      jwtVerify(token, jwks, {
        issuer: fixture.entra.issuer(tenantId),
        audience: portalClient.clientId,
        algorithms: ['RS256'],
      });
    const { payload } = await verify(result.idToken);
    expect(payload).toMatchObject({
      tid: tenantId,
      email,
      preferred_username: email,
      nonce: request.nonce,
      ver: '2.0',
    });
    expect(payload.sub).not.toBe(payload.oid);
    expect(result.account?.homeAccountId).toBe(`${payload.oid}.${tenantId}`);
    expect(JSON.parse(Buffer.from(back.searchParams.get('client_info')!, 'base64url').toString())).toEqual({
      uid: payload.oid,
      utid: tenantId,
    });

    const [header, body, signature] = result.idToken.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...decodeJwt(result.idToken), email: 'someone.else@example.test' }));
    expect(body).not.toBe(tampered.toString('base64url'));
    await expect(verify(`${header}.${tampered.toString('base64url')}.${signature}`)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });

    const found = await graphCall(fixture, graph, 'GET', `/users?$filter=${encodeURIComponent(`mail eq '${email}'`)}`);
    expect(found.body.value?.map((u: { id: string }) => u.id)).toEqual([payload.oid]);

    const reuse = await redeem(request, back).catch((e: unknown) => e as { errorCode: string; errorMessage: string });
    expect(reuse).toMatchObject({ errorCode: 'invalid_grant' });
  });

  it('when an account made through Graph signs in, then consent comes once, SSO works and prompt=login asks again', async () => {
    const email = uniqueEmail('cas1');
    await createGraphUser(fixture, graph, email, PASSWORD);
    const { page, callback } = await open();

    const first = await authCodeRequest(fixture, 'external', { loginHint: email });
    await page.goto(first.url);
    await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(email);
    expect(await page.getByRole('link', { name: 'Create one' }).count()).toBe(1);
    await expectAccessible(page);
    await signIn(page, 'Wrong-Password-1');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('account or password is incorrect');
    await signIn(page, PASSWORD);
    await page.getByRole('button', { name: 'Yes' }).click();
    const result = await redeem(first, await callback());
    expect(decodeJwt(result.idToken)).toMatchObject({ email, name: 'Camille Client' });

    const again = await authCodeRequest(fixture, 'external', { loginHint: email, prompt: 'login' });
    await page.goto(again.url);
    await signIn(page, PASSWORD);
    const second = await callback();
    expect(second.searchParams.get('code')).toBeTruthy();

    const silent = await authCodeRequest(fixture, 'external', { loginHint: email });
    await page.goto(silent.url);
    const third = await callback();
    expect(third.searchParams.get('state')).toBe(silent.state);
    expect((await redeem(silent, third)).account?.username).toBe(email);
  });

  it('when Graph disables the account, then the sign-in page says it is locked', async () => {
    const email = uniqueEmail('locked');
    const id = await createGraphUser(fixture, graph, email, PASSWORD);
    expect((await graphCall(fixture, graph, 'PATCH', `/users/${id}`, { accountEnabled: false })).status).toBe(204);
    const { page } = await open();
    await page.goto((await authCodeRequest(fixture, 'external', { loginHint: email })).url);
    await signIn(page, PASSWORD);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/locked or disabled/);
  });

  it('when the user must change the password, then the update page comes first and the sign-in goes on', async () => {
    const email = uniqueEmail('temp');
    await createGraphUser(fixture, graph, email, 'Temporary-Pass-42', {
      passwordProfile: { password: 'Temporary-Pass-42', forceChangePasswordNextSignIn: true },
    });
    const { page, callback } = await open();
    const request = await authCodeRequest(fixture, 'external', { loginHint: email });
    await page.goto(request.url);
    await signIn(page, 'Temporary-Pass-42');
    await page.getByRole('heading', { name: 'Update your password' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Current password').fill('Temporary-Pass-42');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Update password' }).click();
    await page.getByRole('button', { name: 'Yes' }).click();
    expect((await redeem(request, await callback())).account?.username).toBe(email);
  });

  it('when the person answers No to consent, then the app gets access_denied with its state', async () => {
    const email = uniqueEmail('declines');
    await createGraphUser(fixture, graph, email, PASSWORD);
    const { page, callback, consoleErrors } = await open({ bypassCSP: false });
    const request = await authCodeRequest(fixture, 'external', { loginHint: email });
    await page.goto(request.url);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('button')!).backgroundColor)).toBe(
      'rgb(0, 90, 158)',
    );
    await signIn(page, PASSWORD);
    await page.getByRole('button', { name: 'No' }).click();
    const back = await callback();
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toContain('AADSTS65004');
    expect(back.searchParams.get('state')).toBe(request.state);
    expect(back.searchParams.get('code')).toBeNull();
    expect(consoleErrors.filter((e) => e.includes('Content Security Policy'))).toEqual([]);
  });

  it('when the redirect URI is not registered, then an error page shows and nothing is redirected', async () => {
    const evil = 'http://localhost:9/steal';
    const request = await authCodeRequest(fixture, 'external', { redirectUri: evil });
    const { page } = await open();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const response = await page.goto(request.url);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('main')).toContain('AADSTS50011');
    expect(requested.some((u) => u.startsWith(evil))).toBe(false);
    await expectAccessible(page);
  });

  it('when ui_locales=fr, then the pages and the verification email are in French', async () => {
    const email = uniqueEmail('fr');
    const { page } = await open();
    await page.goto(
      (await authCodeRequest(fixture, 'external', { loginHint: email, prompt: 'create', uiLocales: 'fr' })).url,
    );
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect.poll(() => page.getByLabel('E-mail').inputValue()).toBe(email);
    await page.getByRole('button', { name: 'Envoyer le code' }).click();
    await page.getByLabel('Code de vérification').waitFor();
    expect(await page.getByLabel('Mot de passe', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Créer le compte' }).count()).toBe(1);
    expect(fixture.emails.at(-1)).toMatchObject({ to: email, locale: 'fr' });
    expect(fixture.emails.at(-1)?.text).toContain('Votre code de vérification');

    await page.goto((await authCodeRequest(fixture, 'external', { loginHint: email, uiLocales: 'fr' })).url);
    expect(await page.getByRole('button', { name: 'Se connecter' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Créez-en un' }).count()).toBe(1);
    await expectAccessible(page);
  });

  it('when a sign-in form is posted without the browser cookie or with a wrong CSRF token, then it is refused', async () => {
    const email = uniqueEmail('csrf');
    await createGraphUser(fixture, graph, email, PASSWORD);
    const { page, context } = await open({ bypassCSP: false });
    await page.goto((await authCodeRequest(fixture, 'external', { loginHint: email })).url);
    const tx = await page.locator('input[name=tx]').inputValue();
    const csrf = await page.locator('input[name=csrf]').inputValue();
    const action = new URL((await page.locator('form').first().getAttribute('action'))!, fixture.entra.url).toString();
    const browserCookie = (await context.cookies()).find((c) => c.name === '__Host-lentra-browser')!;
    const post = (fields: Record<string, string>, cookie?: string) =>
      fetch(action, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie && { cookie }) },
        body: new URLSearchParams({ tx, email, password: PASSWORD, ...fields }).toString(),
      });
    expect((await post({ csrf })).status).toBe(400);
    expect((await post({ csrf: 'forged' }, `${browserCookie.name}=${browserCookie.value}`)).status).toBe(400);
    const accepted = await post({ csrf }, `${browserCookie.name}=${browserCookie.value}`);
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('Permissions requested');
  });
});
