/**
 * Seed 003's sign-in start page: a bare `GET /api/SignIn` asks for the agency's codes (both optional) and offers
 * "Sign in"; its form, a link with codes, `?go=1` and `?prompt=login` go on to Entra (API.md, "Clients").
 */
import { describe, expect, it } from 'vitest';
import { heading } from '../support/invitations.js';
import { api, stack } from '../support/stack.js';

const get = (path: string) => fetch(api(path), { redirect: 'manual' });

describe('the sign-in start page (seed 003)', () => {
  it('when /api/SignIn is opened without codes, then a French page asks for the optional codes and starts nothing', async () => {
    const answer = await get('/SignIn');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toBeNull();
    const html = await answer.text();
    expect(heading(html)).toBe('Se connecter');
    expect(html).toContain('<form method="get" action="/api/SignIn">');
    expect(html).toMatch(/<label for="signin-client">Code client/);
    expect(html).toMatch(/<label for="signin-societe">Code société/);
    expect(html).toContain('>Se connecter</button>');
  });

  it('when it is opened with ?lang=en, then the page speaks English', async () => {
    const html = await (await get('/SignIn?lang=en')).text();
    expect(heading(html)).toBe('Sign in');
    expect(html).toMatch(/<label for="signin-client">Client code/);
    expect(html).toContain('>Sign in</button>');
  });

  it('when its form is sent with empty codes, or ?go=1 is asked, then the sign-in goes on to the external tenant', async () => {
    const authority = stack().entra.external.authority;
    for (const path of ['/SignIn?lang=en&client=&societe=', '/SignIn?go=1', '/SignIn?prompt=login']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(303);
      expect(answer.headers.get('location'), path).toMatch(new RegExp(`^${authority}/oauth2/v2\\.0/authorize\\?`));
      expect(answer.headers.get('set-cookie'), path).toMatch(/^__Host-signin=/);
    }
  });
});
