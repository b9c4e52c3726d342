/**
 * The local Entra ID's sign-up (CAS 2 of seed 002) through the whole stack: the verification code travels
 * through the local ACS to the mailbox, MSAL builds the authorize URL and redeems the code, jose verifies the
 * ID token against the local JWKS.
 */
import { CryptoProvider } from '@azure/msal-node';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, chromiumMissing, launchChromium } from '../support/chromium.js';
import { clientTenantApp, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

describe.runIf(!chromiumMissing())('sign-up in the local Entra ID, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('when a new client signs up with the code from the mailbox and consents, then MSAL gets a verifiable ID token', async () => {
    const { external } = stack().entra;
    const app = clientTenantApp();
    const redirectUri = `${new URL(stack().functions.baseUrl).origin}/api/AcceptInvitation/callback`;
    const crypto = new CryptoProvider();
    const { verifier, challenge } = await crypto.generatePkceCodes();
    const state = crypto.createNewGuid();
    const nonce = crypto.createNewGuid();
    const email = uniqueEmail('cas2');
    const authorizeUrl = await app.getAuthCodeUrl({
      scopes: ['openid', 'profile', 'email'],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state,
      nonce,
      loginHint: email,
      prompt: 'create',
      responseMode: 'query',
      extraQueryParameters: { ui_locales: 'en' },
    });

    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const callback = new Promise<URL>((resolve) => {
      page.on('request', (request) => {
        if (request.url().startsWith(redirectUri)) resolve(new URL(request.url()));
      });
    });
    await page.goto(authorizeUrl);
    await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    const message = await waitForMessage(email);
    const code = /\b(\d{6})\b/.exec(message.text)?.[1];
    expect(code, message.text).toBeDefined();
    await page.getByLabel('Verification code').fill(code!);
    await page.getByLabel('Password', { exact: true }).fill('Correct-Horse-Battery-9');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Yes' }).click();
    const returned = await callback;
    await context.close();

    expect(returned.searchParams.get('state')).toBe(state);
    const result = await app.acquireTokenByCode(
      {
        code: returned.searchParams.get('code')!,
        scopes: ['openid', 'profile', 'email'],
        redirectUri,
        codeVerifier: verifier,
        state,
        nonce,
      },
      {
        code: returned.searchParams.get('code')!,
        state: returned.searchParams.get('state')!,
        client_info: returned.searchParams.get('client_info')!,
      },
    );
    const jwks = createRemoteJWKSet(new URL(`${external.authority}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(result.idToken, jwks, {
      issuer: `https://${external.tenantId}.ciamlogin.com/${external.tenantId}/v2.0`,
      audience: inject('stackSettings').CLIENT_APP_ID!,
    });
    expect(payload).toMatchObject({ tid: external.tenantId, email, nonce, ver: '2.0' });
    expect(result.account?.homeAccountId).toBe(`${payload.oid}.${external.tenantId}`);
  });
});
