/**
 * Drives the local Entra ID's pages with fetch, carrying its cookies by hand, for protocol tests that need an
 * authorization code but not a browser. Browser journeys use Chromium (entra-browser.test.ts).
 */
import { CryptoProvider } from '@azure/msal-node';
import type { EntraFixture } from './entra-fixture.js';

export class FormSession {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(init.form && { body: new URLSearchParams(init.form).toString() }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }
}

/** The hidden fields and action of the first form on a page. */
export function formOf(html: string): { action: string; tx: string; csrf: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !tx || !csrf) throw new Error(`no sign-in form in page: ${html.slice(0, 500)}`);
  return { action, tx, csrf };
}

export interface CodeRequest {
  verifier: string;
  challenge: string;
  state: string;
  nonce: string;
  url: string;
}

/** An authorize URL from MSAL, with fresh PKCE, state and nonce. */
export async function authCodeRequest(
  fixture: EntraFixture,
  tenant: 'workforce' | 'external',
  extra: { loginHint?: string; prompt?: string; scopes?: string[]; uiLocales?: string; redirectUri?: string } = {},
): Promise<CodeRequest> {
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  const nonce = crypto.createNewGuid();
  const url = await fixture.msal(tenant).getAuthCodeUrl({
    scopes: extra.scopes ?? ['openid', 'profile', 'email'],
    redirectUri: extra.redirectUri ?? fixture.redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    state,
    nonce,
    responseMode: 'query',
    ...(extra.loginHint && { loginHint: extra.loginHint }),
    ...(extra.prompt && { prompt: extra.prompt }),
    ...(extra.uiLocales && { extraQueryParameters: { ui_locales: extra.uiLocales } }),
  });
  return { verifier, challenge, state, nonce, url };
}

/** Signs in with email and password (consenting if asked) and returns where the app was sent back to. */
export async function signInWithForms(
  fixture: EntraFixture,
  authorizeUrl: string,
  email: string,
  password: string,
  session = new FormSession(),
): Promise<URL> {
  const base = fixture.entra.url;
  const signInPage = await (await session.request(authorizeUrl)).text();
  const form = formOf(signInPage);
  let response = await session.request(`${base}${form.action}`, {
    form: { tx: form.tx, csrf: form.csrf, email, password },
  });
  if (response.status === 200) {
    const page = await response.text();
    if (!page.includes('value="yes"')) throw new Error(`sign-in did not reach consent: ${page.slice(0, 800)}`);
    const consent = formOf(page);
    response = await session.request(`${base}${consent.action}`, {
      form: { tx: consent.tx, csrf: consent.csrf, decision: 'yes' },
    });
  }
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location);
}
