/**
 * Access decisions after authentication (docs/sign-in.md "Signing in again", seed 004), over HTTP on the running
 * integration stack with real sign-ins at the local Entra: a client whose provider record is blocked or merged, or
 * whose only provider stopped using the service, signs in with /api/SignIn and gets a 403 page saying why, without a
 * session; a client of two providers gets the company picker and goes to the welcome page of the one chosen.
 * Records are changed directly in `ClientAccounts` after a real onboarding; the inactive provider is a new one
 * (the host caches providers for a minute).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { tableClientStore } from '../../shared/adapters/table/client-store.js';
import { registerProvider } from '../../shared/adapters/table/provider-directory.js';
import type { ClientAccount, ClientRecord } from '../../shared/domain/client.js';
import { SESSION_COOKIE } from '../../shared/http/sealed-cookies.js';
import { maskEmail } from '../../shared/log.js';
import { decodeEntities, invitationFor, invite, pageText } from '../support/invitations.js';
import {
  type Credentials,
  clears,
  createClientAccount,
  expectHostCookie,
  expectSecurityHeaders,
  onboardThroughEntra,
  signInThroughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { setAccess, stackDeps } from '../support/onboarding-store.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

interface Client extends Credentials {
  oid: string;
  partition: string;
}

async function newClient(label: string): Promise<Client> {
  const email = uniqueEmail(label);
  const password = 'Access-Pass-12345';
  const oid = await createClientAccount(email, password, 'Willy Urs');
  return { email, password, oid, partition: `${stack().entra.external.tenantId}|${oid}` };
}

/** A client of GFMS onboarded for real: an account in the client tenant, accept, Create Company, welcome. */
async function onboarded(
  label: string,
  company = 'Urs Maintenance',
): Promise<Client & { visitor: Visitor; invitationId: string }> {
  const client = await newClient(label);
  const created = await invite(
    invitationFor(client.email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: company,
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), client);
  return { ...client, visitor, invitationId: created.body.id };
}

/** Signs in with /api/SignIn in a new browser (a new session of the local Entra too). */
async function signIn(client: Credentials, query?: string) {
  const visitor = new Visitor();
  const { callback } = await signInThroughEntra(visitor, client, query);
  return { visitor, callback };
}

const exchanges: Array<{ visitor: Visitor }> = [];

afterEach(() => {
  // Every answer of the service along these journeys carries the security headers and only __Host- cookies.
  for (const { visitor } of exchanges.splice(0)) {
    for (const exchange of visitor.serviceExchanges()) {
      expectSecurityHeaders(exchange);
      for (const line of exchange.setCookies) expectHostCookie(line);
    }
  }
});

function expectRefusedWithoutSession(callback: { status: number; setCookies: string[] }, visitor: Visitor) {
  expect(callback.status).toBe(403);
  const session = callback.setCookies.filter((line) => line.startsWith(`${SESSION_COOKIE}=`));
  expect(session.every(clears), 'no session is started').toBe(true);
  expect(visitor.cookie(SESSION_COOKIE)).toBeUndefined();
}

describe('signing in again when access is refused', () => {
  it('when the provider blocked the client, then the page says access is suspended, since when and whom to contact; no session', async () => {
    const client = await onboarded('blocked');
    const since = new Date('2025-03-14T09:00:00Z');
    await setAccess(client.partition, 'gfms', { status: 'blocked', since, by: 'Camille Passé', reason: 'unpaid' });
    const { visitor, callback } = await signIn(client);
    exchanges.push({ visitor });
    expectRefusedWithoutSession(callback, visitor);
    const text = pageText(callback.body);
    expect(text).toContain('Your access has been suspended');
    expect(text).toContain('Your access to this account has been blocked by GFMS since');
    expect(text).toMatch(/14 March 2025|March 14, 2025|14\/03\/2025|3\/14\/2025/);
    expect(text).toContain('contact GFMS');
    expect(callback.body).toContain('support@gfms.example');
    expect((await visitor.get(api('/Welcome'))).status).toBe(401);
  });

  it('when the client’s account was merged into another, then the page says so and names the other address, masked; no session', async () => {
    const client = await onboarded('merged');
    const into = uniqueEmail('merged-into');
    await setAccess(client.partition, 'gfms', { status: 'merged', since: new Date(), into });
    const { visitor, callback } = await signIn(client);
    exchanges.push({ visitor });
    expectRefusedWithoutSession(callback, visitor);
    const text = pageText(callback.body);
    expect(text).toContain('This account has been merged into another one');
    expect(text).toContain(maskEmail(into));
    expect(decodeEntities(callback.body)).not.toContain(into);
  });

  it('when the client’s only provider stopped using the service, then the page says so and whom to contact; no session', async () => {
    const client = await newClient('inactive');
    const providerId = `closed-${randomUUID()}`;
    await registerProvider(
      stackDeps().tableFor,
      {
        id: providerId,
        name: 'Agence Fermée',
        platformName: 'Extranet Fermé',
        platformDescription: 'Plus utilisé.',
        supportEmail: 'contact@fermee.example',
        status: 'inactive',
      },
      [],
    );
    const now = new Date();
    const account: ClientAccount = {
      key: client.partition,
      clientId: randomUUID(),
      tenantId: stack().entra.external.tenantId,
      objectId: client.oid,
      email: client.email,
      displayName: 'Willy Urs',
      createdAt: now,
    };
    const record: ClientRecord = {
      providerId,
      clientId: account.clientId,
      firstName: 'Willy',
      lastName: 'Urs',
      email: client.email,
      access: { status: 'active', since: now },
      firstSignInAt: now,
      createdAt: now,
    };
    await tableClientStore(stackDeps().tableFor).recordAcceptance(account, record);
    const { visitor, callback } = await signIn(client);
    exchanges.push({ visitor });
    expectRefusedWithoutSession(callback, visitor);
    const text = pageText(callback.body);
    expect(text).toContain('This service is no longer available to you');
    expect(text).toContain('Agence Fermée no longer uses this platform');
    expect(callback.body).toContain('contact@fermee.example');
  });

  it('when someone with an account but no client record signs in, then the page says this account has no access; no session', async () => {
    const client = await newClient('stranger');
    const { visitor, callback } = await signIn(client);
    exchanges.push({ visitor });
    expectRefusedWithoutSession(callback, visitor);
    expect(pageText(callback.body)).toContain('No access for this account');
  });

  it('when a provider blocked a client who is still active with another, then the client gets in with the other', async () => {
    const client = await onboarded('blocked-once', 'GFMS Side Ltd');
    const second = await invite(
      invitationFor(client.email, {
        sendEmail: false,
        locale: 'en',
        company: {
          name: 'Horizon Side SCI',
          address: { line1: '2 avenue Foch', postalCode: '75016', city: 'Paris', country: 'FR' },
        },
      }),
      { as: 'other-provider' },
    );
    expect(second.status).toBe(201);
    const accepted = await signInAndAccept(client, String(second.body.acceptUrl));
    exchanges.push({ visitor: accepted });
    await setAccess(client.partition, 'gfms', { status: 'blocked', since: new Date(), by: 'Camille Passé' });
    const { visitor, callback } = await signIn(client);
    exchanges.push({ visitor });
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(api('/Welcome'));
    const welcome = await visitor.get(api('/Welcome'));
    expect(welcome.status).toBe(200);
    expect(pageText(welcome.body)).toContain('Extranet Horizon');
  });
});

/** Accepts another invitation as the same person, in a new browser, up to its welcome page. */
const signInAndAccept = (client: Credentials, link: string): Promise<Visitor> => onboardThroughEntra(link, client);

describe('signing in again as a client of two providers', () => {
  it('when the client of GFMS and Agence Horizon signs in, then the picker offers both companies and the one chosen leads to its welcome page', async () => {
    const client = await onboarded('two-providers', 'Urs GFMS SARL');
    const second = await invite(
      invitationFor(client.email, {
        sendEmail: false,
        locale: 'en',
        company: {
          name: 'Urs Horizon SCI',
          address: { line1: '2 avenue Foch', postalCode: '75016', city: 'Paris', country: 'FR' },
        },
      }),
      { as: 'other-provider' },
    );
    expect(second.status).toBe(201);
    exchanges.push({ visitor: await signInAndAccept(client, String(second.body.acceptUrl)) });

    const { visitor, callback } = await signIn(client);
    exchanges.push({ visitor });
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(api('/SignIn/choose'));
    const picker = await visitor.get(api('/SignIn/choose'));
    expect(picker.status).toBe(200);
    const text = pageText(picker.body);
    expect(text).toContain('Choose a company');
    expect(text).toContain('Urs GFMS SARL with GFMS');
    expect(text).toContain('Urs Horizon SCI with Agence Horizon');
    const choices = [...picker.body.matchAll(/name="choice" value="([^"]+)"/g)].map((m) => decodeEntities(m[1]!));
    expect(choices).toHaveLength(2);
    const horizon = choices.find((c) => c.startsWith('agence-horizon|'))!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(picker.body)![1]!;

    const chosen = await visitor.post(api('/SignIn/choose'), { csrf, choice: horizon, lang: 'en' });
    expect(chosen.status).toBe(303);
    expect(chosen.location).toBe(api('/Welcome'));
    const welcome = await visitor.get(api('/Welcome'));
    expect(welcome.status).toBe(200);
    const home = pageText(welcome.body);
    expect(home).toContain('Welcome to Extranet Horizon');
    expect(home).toContain('Urs Horizon SCI');
    expect(home).not.toContain('Urs GFMS SARL');
    expect(welcome.body).toContain('https://extranet.horizon.example/');
  });

  it('when the picker is posted without its CSRF token or from another site, then 403 and the session does not change', async () => {
    const client = await onboarded('picker-csrf');
    const { visitor, callback } = await signIn(client);
    exchanges.push({ visitor });
    expect(callback.status).toBe(303);
    const session = visitor.cookie(SESSION_COOKIE);
    const choice = 'gfms|';
    const noToken = await visitor.post(api('/SignIn/choose'), { choice });
    expect(noToken.status).toBe(403);
    const picker = await visitor.get(api('/SignIn/choose'));
    const csrf = /name="csrf" value="([^"]+)"/.exec(picker.body)![1]!;
    const crossSite = await visitor.post(
      api('/SignIn/choose'),
      { csrf, choice },
      { sameOrigin: false, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);
    expect([...noToken.setCookies, ...crossSite.setCookies]).toEqual([]);
    expect(visitor.cookie(SESSION_COOKIE)).toBe(session);
  });
});
