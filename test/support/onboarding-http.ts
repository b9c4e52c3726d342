/**
 * A browser without a browser, for the onboarding integration tests: fetch with one cookie jar per origin (the
 * Functions host and the local Entra ID), same-origin form posts as browsers send them, and every answer kept with
 * its raw `Set-Cookie` headers, so tests can check each cookie and header the service sent. It walks the local
 * Entra's sign-in pages (email + password, then consent) like `test/dev/entra-forms.ts` does.
 */
import { expect } from 'vitest';
import { api, graphToken, stack } from './stack.js';

export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** The raw `Set-Cookie` header lines. */
  setCookies: string[];
  body: string;
  location?: string;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface SendOptions {
  method?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Adds `Origin` and `Sec-Fetch-Site: same-origin` to POSTs to the Functions host (default true), as browsers do. */
  sameOrigin?: boolean;
  /** Leaves this request's cookies out (the jar still takes the answer's). */
  withoutCookies?: boolean;
}

const functionsOrigin = () => new URL(stack().functions.baseUrl).origin;

export class Visitor {
  private readonly jars = new Map<string, Map<string, string>>();
  readonly exchanges: Exchange[] = [];

  private jar(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    let jar = this.jars.get(origin);
    if (!jar) {
      jar = new Map();
      this.jars.set(origin, jar);
    }
    return jar;
  }

  /** A cookie the jar holds for the Functions host (or another origin). */
  cookie(name: string, url = functionsOrigin()): string | undefined {
    return this.jar(url).get(name);
  }

  setCookie(name: string, value: string, url = functionsOrigin()): void {
    this.jar(url).set(name, value);
  }

  dropCookie(name: string, url = functionsOrigin()): void {
    this.jar(url).delete(name);
  }

  /** Only what the service answered (the local Entra's answers are left out). */
  serviceExchanges(): Exchange[] {
    return this.exchanges.filter((e) => new URL(e.url).origin === functionsOrigin());
  }

  async send(url: string, options: SendOptions = {}): Promise<Exchange> {
    const method = options.method ?? (options.form ? 'POST' : 'GET');
    const jar = this.jar(url);
    const headers: Record<string, string> = {};
    if (!options.withoutCookies && jar.size > 0) {
      headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (method === 'POST' && options.sameOrigin !== false && new URL(url).origin === functionsOrigin()) {
      headers.origin = functionsOrigin();
      headers['sec-fetch-site'] = 'same-origin';
    }
    Object.assign(headers, options.headers);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers,
      ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = !value || attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    const exchange: Exchange = {
      method,
      url,
      status: response.status,
      headers: response.headers,
      setCookies,
      body: await response.text(),
      ...(location ? { location: new URL(location, url).toString() } : {}),
    };
    this.exchanges.push(exchange);
    return exchange;
  }

  get(url: string, options: Omit<SendOptions, 'form' | 'method'> = {}): Promise<Exchange> {
    return this.send(url, options);
  }

  post(url: string, form: Record<string, string>, options: Omit<SendOptions, 'form' | 'method'> = {}) {
    return this.send(url, { ...options, form });
  }
}

/** The action and hidden fields of the local Entra's first form. */
function entraForm(html: string): { action: string; tx: string; csrf: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !tx || !csrf) throw new Error(`no form on the local Entra's page: ${html.slice(0, 400)}`);
  return { action, tx, csrf };
}

/**
 * From an authorize URL to the service's callback: signs in with the password when asked, consents when asked,
 * and returns the callback URL Entra redirects to (not followed).
 */
export async function throughEntra(visitor: Visitor, authorizeUrl: string, who: Credentials): Promise<string> {
  let answer = await visitor.get(authorizeUrl);
  for (let step = 0; step < 6; step++) {
    if (answer.status === 302 || answer.status === 303) {
      const location = answer.location!;
      if (new URL(location).origin === functionsOrigin()) return location;
      answer = await visitor.get(location);
      continue;
    }
    if (answer.status !== 200)
      throw new Error(`the local Entra answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const form = entraForm(answer.body);
    const action = new URL(form.action, answer.url).toString();
    if (/name="password"/.test(answer.body) && /name="email"/.test(answer.body)) {
      answer = await visitor.post(action, { tx: form.tx, csrf: form.csrf, email: who.email, password: who.password });
    } else if (/value="yes"/.test(answer.body)) {
      answer = await visitor.post(action, { tx: form.tx, csrf: form.csrf, decision: 'yes' });
    } else {
      throw new Error(`unexpected page of the local Entra: ${answer.body.slice(0, 400)}`);
    }
  }
  throw new Error('the sign-in never came back to the service');
}

/**
 * An account in the client tenant (CAS 1), made through the local Graph; returns its object id. By default it signs
 * in with `email` (an email sign-in identity, as a sign-up with a code makes); `identities` replaces that, `mail`
 * staying `email` — an administrator may set any `mail`.
 */
export async function createClientAccount(
  email: string,
  password: string,
  displayName = 'Known Client',
  identities: Array<{ signInType: string; issuer: string; issuerAssignedId: string }> = [
    { signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email },
  ],
) {
  const response = await fetch(`${stack().entra.external.graphUrl}/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await graphToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      displayName,
      mail: email,
      accountEnabled: true,
      identities,
      passwordProfile: { password, forceChangePasswordNextSignIn: false },
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The link's form fields, as the landing page posts them. */
export function acceptForm(link: string, lang = 'en'): Record<string, string> {
  const url = new URL(link);
  return { invitationId: url.searchParams.get('invitationId')!, key: url.searchParams.get('key')!, lang };
}

/**
 * Landing page → "Accept" → Entra (as `who`) → the callback's answer. The callback is fetched as the browser
 * would, with the sign-in cookie.
 */
export async function acceptThroughEntra(visitor: Visitor, link: string, who: Credentials) {
  const landing = await visitor.get(link);
  expect(landing.status).toBe(200);
  const started = await visitor.post(api('/AcceptInvitation'), acceptForm(link));
  expect(started.status, started.body).toBe(303);
  const callbackUrl = await throughEntra(visitor, started.location!, who);
  const callback = await visitor.get(callbackUrl);
  return { landing, started, callbackUrl, callback };
}

/** The hidden CSRF token of a page of the service. */
export function csrfIn(html: string): string {
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token in the page: ${html.slice(0, 300)}`);
  return token;
}

/** The values of the Create Company form as the page shows them (what a click on the button posts). */
export function companyFormValues(html: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="(?:text|tel|hidden)" [^>]*?name="([^"]+)"[^>]*?value="([^"]*)"/g)) {
    values[match[1]!] = decode(match[2]!);
  }
  const country = /<select [^>]*name="country"[^>]*>[\s\S]*?<option value="([^"]*)" selected>/.exec(html)?.[1];
  if (country !== undefined) values.country = country;
  return values;
}

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * A whole onboarding over HTTP for an account that exists (CAS 1): accept as `who`, confirm the prefilled company,
 * land on the welcome page. Returns the visitor, whose jar then holds the session.
 */
export async function onboardThroughEntra(link: string, who: Credentials, visitor = new Visitor()) {
  const { callback } = await acceptThroughEntra(visitor, link, who);
  expect(callback.status, callback.body.slice(0, 300)).toBe(303);
  expect(callback.location).toBe(api('/CreateCompany'));
  const form = await visitor.get(api('/CreateCompany'));
  expect(form.status).toBe(200);
  const created = await visitor.post(api('/CreateCompany'), companyFormValues(form.body));
  expect(created.status, created.body.slice(0, 600)).toBe(303);
  expect(created.location).toBe(api('/Welcome'));
  return visitor;
}

/** `GET /api/SignIn` → Entra (as `who`) → the callback's answer. */
export async function signInThroughEntra(visitor: Visitor, who: Credentials, query = 'prompt=login&lang=en') {
  const started = await visitor.get(api(`/SignIn?${query}`));
  expect(started.status).toBe(303);
  const callbackUrl = await throughEntra(visitor, started.location!, who);
  const callback = await visitor.get(callbackUrl);
  return { started, callbackUrl, callback };
}

/** The attributes of a raw `Set-Cookie` line, lower-cased names (`secure`, `httponly`, `samesite`, `path`…). */
export function cookieAttributes(line: string): { name: string; value: string; attributes: Map<string, string> } {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const i = part.indexOf('=');
    const key = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
    if (key) attributes.set(key, i < 0 ? '' : part.slice(i + 1).trim());
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/**
 * SECURITY.md "Sign-in": every cookie of the service is `__Host-` prefixed, Secure, HttpOnly, SameSite=Lax,
 * Path=/ and has no Domain — those that clear one too (a browser drops a `__Host-` cookie only on such a line).
 */
export function expectHostCookie(line: string): void {
  const { name, attributes } = cookieAttributes(line);
  expect(name, line).toMatch(/^__Host-/);
  expect(attributes.has('secure'), `${name}: Secure`).toBe(true);
  expect(attributes.has('httponly'), `${name}: HttpOnly`).toBe(true);
  expect(attributes.get('samesite')?.toLowerCase(), `${name}: SameSite`).toBe('lax');
  expect(attributes.get('path'), `${name}: Path`).toBe('/');
  expect(attributes.has('domain'), `${name}: no Domain`).toBe(false);
}

/** Whether a `Set-Cookie` line removes its cookie (empty value, `Max-Age=0` or an `Expires` in the past). */
export function clears(line: string): boolean {
  const { value, attributes } = cookieAttributes(line);
  const expires = attributes.get('expires');
  return !value || attributes.get('max-age') === '0' || (!!expires && Date.parse(expires) <= Date.now());
}

/**
 * SECURITY.md "Responses and logs": `Cache-Control: no-store`, a CSP with `frame-ancestors 'none'` (and no inline
 * script except by nonce), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`.
 */
export function expectSecurityHeaders(exchange: Exchange): void {
  const what = `${exchange.method} ${new URL(exchange.url).pathname} → ${exchange.status}`;
  const h = exchange.headers;
  expect(h.get('cache-control'), `${what}: Cache-Control`).toMatch(/(^|,\s*)no-store(\s*,|$)/);
  const csp = h.get('content-security-policy') ?? '';
  expect(csp, `${what}: CSP`).toMatch(/(^|;\s*)frame-ancestors 'none'(\s*;|$)/);
  const script = /(?:^|;\s*)script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(script, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(h.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  expect(h.get('referrer-policy'), `${what}: Referrer-Policy`).toBe('no-referrer');
}
