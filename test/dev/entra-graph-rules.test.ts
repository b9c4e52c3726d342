/**
 * Where Microsoft Graph is strict and the service depends on it, the local Graph is as strict: each call needs the
 * permission Graph documents for it (a password also the User Administrator directory role), advanced queries need
 * `ConsistencyLevel: eventual`, an identities filter needs the issuer beside the sign-in name (whose value Graph
 * ignores for email identities), sign-in names and names are validated, `lastPasswordChangeDateTime` comes on `$select`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGraphUser,
  type EntraFixture,
  graphCall,
  graphToken,
  startEntraFixture,
  uniqueEmail,
} from './entra-fixture.js';

let fixture: EntraFixture;
/** The portal app: every permission a test or tool needs, and the User Administrator role. */
let admin: string;
/** `User.ReadWrite.All` alone. */
let writer: string;
/** `User.Read.All` alone, as the service's own registration holds. */
let lookup: string;

async function tokenOf(client: { clientId: string; clientSecret: string }): Promise<string> {
  const result = await fixture
    .msal('external', client)
    .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  return result!.accessToken;
}

beforeAll(async () => {
  fixture = await startEntraFixture();
  admin = await graphToken(fixture);
  writer = await tokenOf(fixture.external.writerClient);
  lookup = await tokenOf(fixture.external.lookupClient);
});
afterAll(async () => {
  await fixture?.close();
});

const filter = (expression: string) => `/users?$filter=${encodeURIComponent(expression)}`;
const denied = { status: 403, body: { error: { code: 'Authorization_RequestDenied' } } };

describe('Graph permissions per call', () => {
  it('when an app holds User.Read.All only, then it finds users and cannot create one', async () => {
    const email = uniqueEmail('lookup');
    await createGraphUser(fixture, admin, email, 'Graph-Pass-123');
    const found = await graphCall(fixture, lookup, 'GET', filter(`mail eq '${email}'`));
    expect(found.status).toBe(200);
    expect(found.body.value).toHaveLength(1);
    const create = await graphCall(fixture, lookup, 'POST', '/users', {
      displayName: 'Nope',
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: uniqueEmail('no') }],
      passwordProfile: { password: 'Graph-Pass-123' },
    });
    expect(create).toMatchObject(denied);
  });

  it('when an app holds User.ReadWrite.All without the User Administrator role, then it cannot set a password', async () => {
    const id = await createGraphUser(fixture, writer, uniqueEmail('writer'), 'Graph-Pass-123');
    expect((await graphCall(fixture, writer, 'PATCH', `/users/${id}`, { displayName: 'Renamed' })).status).toBe(204);
    const password = { passwordProfile: { password: 'Temporary-Pass-99', forceChangePasswordNextSignIn: true } };
    expect(await graphCall(fixture, writer, 'PATCH', `/users/${id}`, password)).toMatchObject(denied);
    expect((await graphCall(fixture, admin, 'PATCH', `/users/${id}`, password)).status).toBe(204);
  });

  it('when an app holds User.ReadWrite.All only, then it can neither change sign-in names nor revoke sessions', async () => {
    const id = await createGraphUser(fixture, writer, uniqueEmail('names'), 'Graph-Pass-123');
    const identities = {
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: uniqueEmail('new') }],
    };
    expect(await graphCall(fixture, writer, 'PATCH', `/users/${id}`, identities)).toMatchObject(denied);
    expect((await graphCall(fixture, admin, 'PATCH', `/users/${id}`, identities)).status).toBe(204);
    expect(await graphCall(fixture, writer, 'POST', `/users/${id}/revokeSignInSessions`)).toMatchObject(denied);
    expect(await graphCall(fixture, admin, 'POST', `/users/${id}/revokeSignInSessions`)).toMatchObject({
      status: 200,
      body: { value: true },
    });
  });
});

describe('Graph queries', () => {
  it('when ne, not or endsWith is used without ConsistencyLevel eventual and $count, then 400 Request_UnsupportedQuery', async () => {
    const email = uniqueEmail('advanced');
    await createGraphUser(fixture, admin, email, 'Graph-Pass-123');
    for (const expression of [`mail ne '${email}'`, `not(mail eq '${email}')`, `endsWith(mail,'${email}')`]) {
      const refused = await graphCall(fixture, admin, 'GET', filter(expression));
      expect(refused.status, expression).toBe(400);
      expect(refused.body.error?.code).toBe('Request_UnsupportedQuery');
      expect(refused.body.error?.message).toContain('ConsistencyLevel:eventual');
      const withoutCount = await graphCall(fixture, admin, 'GET', filter(expression), undefined, {
        ConsistencyLevel: 'eventual',
      });
      expect(withoutCount.status, `${expression} without $count`).toBe(400);
    }
    const served = await graphCall(
      fixture,
      admin,
      'GET',
      `${filter(`endsWith(mail,'${email}')`)}&$count=true`,
      undefined,
      {
        ConsistencyLevel: 'eventual',
      },
    );
    expect(served.status).toBe(200);
    expect(served.body['@odata.count']).toBe(1);
  });

  it('when $count or $search comes without ConsistencyLevel eventual, then 400', async () => {
    expect((await graphCall(fixture, admin, 'GET', '/users?$count=true')).status).toBe(400);
    expect((await graphCall(fixture, admin, 'GET', '/users?$search="displayName:Camille"')).status).toBe(400);
  });

  it('when a default query (eq, any) runs without ConsistencyLevel, then it finds the account created just before', async () => {
    const email = uniqueEmail('fresh');
    const id = await createGraphUser(fixture, admin, email, 'Graph-Pass-123');
    const found = await graphCall(fixture, lookup, 'GET', filter(`mail eq '${email}'`));
    expect(found.body.value?.map((u: { id: string }) => u.id)).toEqual([id]);
  });

  it('when identities are filtered by sign-in name without an issuer, then 400; with any issuer, the account is found', async () => {
    const email = uniqueEmail('issuer');
    const id = await createGraphUser(fixture, admin, email, 'Graph-Pass-123');
    const alone = await graphCall(fixture, lookup, 'GET', filter(`identities/any(c:c/issuerAssignedId eq '${email}')`));
    expect(alone.status).toBe(400);
    expect(alone.body.error?.code).toBe('Request_UnsupportedQuery');
    // For emailAddress identities Graph ignores the issuer's value "by design".
    const anyIssuer = await graphCall(
      fixture,
      lookup,
      'GET',
      filter(`identities/any(c:c/issuerAssignedId eq '${email}' and c/issuer eq 'contoso.onmicrosoft.com')`),
    );
    expect(anyIssuer.body.value?.map((u: { id: string }) => u.id)).toEqual([id]);
  });
});

describe('Graph user properties', () => {
  it('when an emailAddress sign-in name is not an email, or a name is too long, then creation is refused with 400', async () => {
    const base = { accountEnabled: true, passwordProfile: { password: 'Graph-Pass-123' } };
    const notEmail = await graphCall(fixture, admin, 'POST', '/users', {
      ...base,
      displayName: 'Not an email',
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: 'not-an-email' }],
    });
    expect(notEmail.status).toBe(400);
    const identity = () => [
      { signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: uniqueEmail('len') },
    ];
    const longName = await graphCall(fixture, admin, 'POST', '/users', {
      ...base,
      displayName: 'x'.repeat(257),
      identities: identity(),
    });
    expect(longName.status).toBe(400);
    const longGiven = await graphCall(fixture, admin, 'POST', '/users', {
      ...base,
      displayName: 'Long given name',
      givenName: 'g'.repeat(65),
      identities: identity(),
    });
    expect(longGiven.status).toBe(400);
    const atLimits = await graphCall(fixture, admin, 'POST', '/users', {
      ...base,
      displayName: 'x'.repeat(256),
      givenName: 'g'.repeat(64),
      identities: identity(),
    });
    expect(atLimits.status).toBe(201);
  });

  it('when a password has a non-ASCII character, then Graph refuses it as not complying with the policy', async () => {
    const refused = await graphCall(fixture, admin, 'POST', '/users', {
      displayName: 'Unicode password',
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: uniqueEmail('uni') }],
      passwordProfile: { password: 'Éléphant-Rose-42' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain('password complexity');
  });

  it('when lastPasswordChangeDateTime is selected, then it is returned, and it moves when the password is set', async () => {
    const id = await createGraphUser(fixture, admin, uniqueEmail('pwd'), 'Graph-Pass-123');
    const plain = await graphCall(fixture, admin, 'GET', `/users/${id}`);
    expect(plain.body).not.toHaveProperty('lastPasswordChangeDateTime');
    const before = await graphCall(fixture, admin, 'GET', `/users/${id}?$select=id,lastPasswordChangeDateTime`);
    expect(before.body.lastPasswordChangeDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await new Promise((r) => setTimeout(r, 1100));
    await graphCall(fixture, admin, 'PATCH', `/users/${id}`, { passwordProfile: { password: 'Another-Pass-77' } });
    const after = await graphCall(fixture, admin, 'GET', `/users/${id}?$select=lastPasswordChangeDateTime`);
    expect(Date.parse(after.body.lastPasswordChangeDateTime as string)).toBeGreaterThan(
      Date.parse(before.body.lastPasswordChangeDateTime as string),
    );
  });
});
