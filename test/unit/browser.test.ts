/**
 * Form posts from browsers (`shared/http/browser.ts`, SECURITY.md "Cross-site requests"), in the fast suite: a post
 * the browser marks `Sec-Fetch-Site: cross-site` or `same-site`, or with a foreign or opaque `Origin`, is refused
 * (403); so is a signed-in post without its session's CSRF token, or with another session's; the form itself must
 * be small and urlencoded (413, 415). Each refusal is logged and answered with the caller's page.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { BrowserRefusal, requireBrowserPost, requireSameOrigin } from '../../shared/http/browser.js';
import { csrfFor, sessions } from '../../shared/http/session.js';
import { createLogger } from '../../shared/log.js';

const BASE = 'https://onboarding.example';
const secret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');

function post(
  headers: Record<string, string>,
  body = 'invitationId=inv-1&lang=fr',
  url = `${BASE}/api/AcceptInvitation`,
): azf.HttpRequest {
  return new azf.HttpRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: { string: body },
  });
}

/** What `requireSameOrigin` says of these headers: accepted, or the refusal's message. */
function origin(headers: Record<string, string>, url?: string): string {
  try {
    requireSameOrigin(post(headers, '', url), `${BASE}/`);
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(BrowserRefusal);
    expect((error as BrowserRefusal).status).toBe(403);
    return (error as BrowserRefusal).message;
  }
}

describe('the same-origin check of form posts', () => {
  it('when the browser says cross-site or same-site, then the post is refused, whatever the Origin says', () => {
    for (const site of ['cross-site', 'same-site']) {
      expect(origin({ 'sec-fetch-site': site }), site).toBe('cross-site request refused');
      expect(origin({ 'sec-fetch-site': site, origin: BASE }), `${site} + own origin`).toBe(
        'cross-site request refused',
      );
    }
    // A sibling subdomain is same-site, not same-origin: it must not post our forms.
    expect(origin({ 'sec-fetch-site': 'same-site', origin: 'https://evil.onboarding.example' })).toBe(
      'cross-site request refused',
    );
  });

  it('when the Origin is foreign, then the post is refused, with or without Sec-Fetch-Site', () => {
    for (const foreign of ['https://evil.example', 'https://onboarding.example:8443', 'http://onboarding.example']) {
      expect(origin({ origin: foreign }), foreign).toBe('foreign origin refused');
      expect(origin({ origin: foreign, 'sec-fetch-site': 'same-origin' }), foreign).toBe('foreign origin refused');
    }
  });

  it('when the Origin is opaque ("null"), then only the browser’s own same-origin mark lets it through', () => {
    expect(origin({ origin: 'null' })).toBe('opaque origin refused');
    expect(origin({ origin: 'null', 'sec-fetch-site': 'none' })).toBe('opaque origin refused');
    expect(origin({ origin: 'null', 'sec-fetch-site': 'same-origin' })).toBe('accepted');
  });

  it('when the post comes from our own origin (the public URL, or the host it reached), or says nothing, then it passes', () => {
    expect(origin({ origin: BASE, 'sec-fetch-site': 'same-origin' })).toBe('accepted');
    expect(origin({ origin: BASE })).toBe('accepted');
    expect(origin({ origin: 'http://localhost:7071' }, 'http://localhost:7071/api/AcceptInvitation')).toBe('accepted');
    // Neither header (an old browser, a script): SameSite=Lax cookies and the CSRF token are what guard it then.
    expect(origin({})).toBe('accepted');
  });
});

describe('requireBrowserPost: a form post from our own pages, or its refusal page', () => {
  const site = { publicBaseUrl: `${BASE}/`, sessions: sessions([secret()]) };
  const claims = { sid: 'session-1' };
  const csrf = csrfFor(site.sessions, claims);

  /** Posts with a log that keeps its lines and a refusal page that names its status. */
  async function guarded(request: azf.HttpRequest, options: { claims?: { sid: string }; readsForm?: boolean } = {}) {
    const lines: string[] = [];
    const log = createLogger((_level, line) => lines.push(line), {}, 'debug');
    const result = await requireBrowserPost(request, site, {
      log,
      refusal: (status) => ({ status, body: `refused ${status}` }),
      ...options,
    });
    const refusals = lines.map((l) => JSON.parse(l) as { event: string; reason?: string });
    return { result, refusals };
  }

  it('when a signed-in post carries its session’s CSRF token from our origin, then its fields are read and nothing is logged', async () => {
    const { result, refusals } = await guarded(
      post({ origin: BASE, 'sec-fetch-site': 'same-origin' }, `csrf=${csrf}&name=GFMS`),
      { claims },
    );
    expect(result).toMatchObject({ accepted: true });
    expect(result.accepted && result.fields.get('name')).toBe('GFMS');
    expect(refusals).toEqual([]);
  });

  it('when a signed-in post has no CSRF token, an empty one, another session’s, or one under another key, then 403 and it is logged', async () => {
    const otherKeys = sessions([secret()]);
    const tokens = {
      none: undefined,
      empty: '',
      'another session’s': csrfFor(site.sessions, { sid: 'session-2' }),
      'under another key': csrfFor(otherKeys, claims),
      'one character changed': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`,
      'a prefix': csrf.slice(0, 20),
      'with a tail': `${csrf}A`,
    };
    for (const [what, token] of Object.entries(tokens)) {
      const body = token === undefined ? 'name=GFMS' : `csrf=${encodeURIComponent(token)}&name=GFMS`;
      const { result, refusals } = await guarded(post({ origin: BASE, 'sec-fetch-site': 'same-origin' }, body), {
        claims,
      });
      expect(result, what).toEqual({ accepted: false, refusal: { status: 403, body: 'refused 403' } });
      expect(refusals, what).toEqual([expect.objectContaining({ event: 'security.csrf.refused', reason: 'csrf' })]);
    }
  });

  it('when the post is same-site or cross-site, even with the right CSRF token, then 403 and it is logged', async () => {
    for (const site of ['same-site', 'cross-site']) {
      const { result, refusals } = await guarded(post({ 'sec-fetch-site': site }, `csrf=${csrf}`), { claims });
      expect(result, site).toEqual({ accepted: false, refusal: { status: 403, body: 'refused 403' } });
      expect(refusals, site).toEqual([
        expect.objectContaining({ event: 'security.csrf.refused', reason: 'cross-site request refused' }),
      ]);
    }
  });

  it('when nobody is signed in, then no token is asked, but the origin still is', async () => {
    expect((await guarded(post({ origin: BASE }))).result).toMatchObject({ accepted: true });
    expect((await guarded(post({ origin: 'https://evil.example' }))).result).toMatchObject({
      accepted: false,
      refusal: { status: 403 },
    });
  });

  it('when the form is not urlencoded or too large, then 415 or 413; a post whose fields are not read is only checked for origin', async () => {
    const json = new azf.HttpRequest({
      method: 'POST',
      url: `${BASE}/api/SignOut`,
      headers: { 'content-type': 'application/json', origin: BASE },
      body: { string: '{}' },
    });
    expect((await guarded(json)).result).toMatchObject({ accepted: false, refusal: { status: 415 } });
    expect((await guarded(post({ origin: BASE }, `name=${'x'.repeat(17 * 1024)}`))).result).toMatchObject({
      accepted: false,
      refusal: { status: 413 },
    });
    expect((await guarded(json, { readsForm: false })).result).toMatchObject({ accepted: true });
    expect((await guarded(post({ 'sec-fetch-site': 'same-site' }), { readsForm: false })).result).toMatchObject({
      accepted: false,
      refusal: { status: 403 },
    });
  });
});
