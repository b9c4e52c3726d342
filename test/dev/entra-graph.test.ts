/**
 * The local Microsoft Graph subset (/v1.0/users…) as the service's Graph adapter uses it: create a local
 * account, find it by mail or by identities, read, patch, revoke sessions, delete — with Graph's error
 * shapes and the permission checks of a real tenant.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGraphUser,
  type EntraFixture,
  graphCall,
  graphToken,
  startEntraFixture,
  type TokenBody,
  uniqueEmail,
} from './entra-fixture.js';

let fixture: EntraFixture;
let token: string;

beforeAll(async () => {
  fixture = await startEntraFixture();
  token = await graphToken(fixture);
});
afterAll(async () => {
  await fixture?.close();
});

const filter = (expression: string) => `/users?$filter=${encodeURIComponent(expression)}`;

describe('Graph users', () => {
  it('when a local account is created, then it is found by mail, by identities and by id', async () => {
    const email = uniqueEmail('graph');
    const id = await createGraphUser(fixture, token, email, 'Graph-Pass-123');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const byMail = await graphCall(fixture, token, 'GET', filter(`mail eq '${email.toUpperCase()}'`));
    expect(byMail.status).toBe(200);
    expect(byMail.body.value?.map((u: { id: string }) => u.id)).toEqual([id]);

    const byIdentity = await graphCall(
      fixture,
      token,
      'GET',
      `${filter(`identities/any(c:c/issuerAssignedId eq '${email}' and c/issuer eq '${fixture.external.tenantId}')`)}&$select=id,displayName,identities,accountEnabled`,
    );
    expect(byIdentity.body.value).toEqual([
      {
        id,
        displayName: 'Camille Client',
        accountEnabled: true,
        identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
      },
    ]);

    const got = await graphCall(fixture, token, 'GET', `/users/${id}`);
    expect(got.body).toMatchObject({
      id,
      mail: email,
      displayName: 'Camille Client',
      userPrincipalName: `${id}@clients.example`,
    });
    expect(got.body.passwordProfile).toBeUndefined();
  });

  it('when nobody has the email, then the filter returns an empty list', async () => {
    const result = await graphCall(fixture, token, 'GET', filter(`mail eq '${uniqueEmail('nobody')}'`));
    expect(result).toEqual({ status: 200, body: expect.objectContaining({ value: [] }) });
  });

  it('when otherMails is filtered with any(), then the user with that secondary email is found', async () => {
    const email = uniqueEmail('primary');
    const other = uniqueEmail('secondary');
    const id = await createGraphUser(fixture, token, email, 'Graph-Pass-123', { otherMails: [other] });
    const result = await graphCall(fixture, token, 'GET', filter(`otherMails/any(x:x eq '${other}')`));
    expect(result.body.value?.map((u: { id: string }) => u.id)).toEqual([id]);
  });

  it('when $top is smaller than the result, then one page comes back with a nextLink', async () => {
    await createGraphUser(fixture, token, uniqueEmail('page'), 'Graph-Pass-123');
    await createGraphUser(fixture, token, uniqueEmail('page'), 'Graph-Pass-123');
    const result = await graphCall(fixture, token, 'GET', `${filter("startswith(mail,'page.')")}&$top=1`);
    expect(result.body.value).toHaveLength(1);
    const next = new URL(result.body['@odata.nextLink']!);
    const second = await graphCall(fixture, token, 'GET', `${next.pathname.slice('/v1.0'.length)}${next.search}`);
    expect(second.body.value).toHaveLength(1);
    expect(second.body.value?.[0]?.id).not.toBe(result.body.value?.[0]?.id);
  });

  it('when the email already has an account, then creation fails with Graph’s Request_BadRequest', async () => {
    const email = uniqueEmail('dup');
    await createGraphUser(fixture, token, email, 'Graph-Pass-123');
    const again = await graphCall(fixture, token, 'POST', '/users', {
      displayName: 'Second',
      accountEnabled: true,
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email.toUpperCase() }],
      passwordProfile: { password: 'Graph-Pass-123', forceChangePasswordNextSignIn: false },
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: 'Another object with the same value for property identities already exists.',
    });
  });

  it('when a sign-in name is longer than 64 characters, then creation and PATCH fail as Graph’s invalid identities', async () => {
    const local = uniqueEmail('max').split('@')[0] ?? '';
    const at64 = `${local.padEnd(64 - '@example.test'.length, 'a')}@example.test`;
    const at65 = `b${at64}`;
    expect(at64).toHaveLength(64);
    const invalid = {
      code: 'Request_BadRequest',
      message: "Invalid value specified for property 'identities' of resource 'User'.",
    };
    const created = await graphCall(fixture, token, 'POST', '/users', {
      displayName: 'Long',
      accountEnabled: true,
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: at65 }],
      passwordProfile: { password: 'Graph-Pass-123', forceChangePasswordNextSignIn: false },
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject(invalid);

    const email = uniqueEmail('long');
    const id = await createGraphUser(fixture, token, email, 'Graph-Pass-123');
    const patched = await graphCall(fixture, token, 'PATCH', `/users/${id}`, {
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: at65 }],
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error).toMatchObject(invalid);
    const unchanged = await graphCall(fixture, token, 'GET', `/users/${id}?$select=identities`);
    expect(unchanged.body).toMatchObject({
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
    });
    const at64Patch = await graphCall(fixture, token, 'PATCH', `/users/${id}`, {
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: at64 }],
    });
    expect(at64Patch.status).toBe(204);
  });

  it('when a local sign-in is added to a user that signs in through Google only, then Graph refuses it; mail alone passes', async () => {
    const google = { signInType: 'federated', issuer: 'google.com', issuerAssignedId: `g-${uniqueEmail('g')}` };
    const created = await graphCall(fixture, token, 'POST', '/users', {
      displayName: 'Google only',
      accountEnabled: true,
      identities: [google],
      passwordProfile: { password: 'Graph-Pass-123', forceChangePasswordNextSignIn: false },
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const email = uniqueEmail('added');
    const added = await graphCall(fixture, token, 'PATCH', `/users/${id}`, {
      identities: [google, { signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
    });
    expect(added.status).toBe(400);
    expect(added.body.error).toMatchObject({ code: 'Request_BadRequest' });
    const unchanged = await graphCall(fixture, token, 'GET', `/users/${id}?$select=identities`);
    expect(unchanged.body).toMatchObject({ identities: [google] });
    expect((await graphCall(fixture, token, 'PATCH', `/users/${id}`, { mail: email })).status).toBe(204);
  });

  it('when the password is too weak, then creation fails with the complexity message', async () => {
    const result = await graphCall(fixture, token, 'POST', '/users', {
      displayName: 'Weak',
      mail: uniqueEmail('weak'),
      passwordProfile: { password: 'short' },
    });
    expect(result.status).toBe(400);
    expect(result.body.error?.message).toContain('password complexity');
  });

  it('when a user is patched, then the changes show and PATCH answers 204', async () => {
    const id = await createGraphUser(fixture, token, uniqueEmail('patch'), 'Graph-Pass-123');
    const patch = await graphCall(fixture, token, 'PATCH', `/users/${id}`, {
      accountEnabled: false,
      displayName: 'Renamed',
      passwordProfile: { password: 'Temporary-Pass-99', forceChangePasswordNextSignIn: true },
    });
    expect(patch.status).toBe(204);
    const got = await graphCall(fixture, token, 'GET', `/users/${id}?$select=accountEnabled,displayName`);
    expect(got.body).toMatchObject({ accountEnabled: false, displayName: 'Renamed' });
  });

  it('when a user is deleted, then reading it is a Graph-shaped 404', async () => {
    const id = await createGraphUser(fixture, token, uniqueEmail('delete'), 'Graph-Pass-123');
    expect((await graphCall(fixture, token, 'DELETE', `/users/${id}`)).status).toBe(204);
    const got = await graphCall(fixture, token, 'GET', `/users/${id}`);
    expect(got.status).toBe(404);
    expect(got.body.error).toMatchObject({ code: 'Request_ResourceNotFound' });
    expect(got.body.error?.innerError['request-id']).toBeTruthy();
  });

  it('when an unknown property is selected or a segment is unknown, then Graph-shaped errors come back', async () => {
    expect((await graphCall(fixture, token, 'GET', '/users?$select=nope')).status).toBe(400);
    const unknown = await graphCall(fixture, token, 'GET', '/groups');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBeTruthy();
  });
});

describe('Graph access control', () => {
  it('when there is no token, then the answer is 401 InvalidAuthenticationToken', async () => {
    const response = await fetch(`${fixture.entra.url}/v1.0/users`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });

  it('when the token is for another audience or tampered, then the answer is 401', async () => {
    const app = fixture.msal('workforce');
    const apiToken = (await app.acquireTokenByClientCredential({
      scopes: [`${fixture.workforce.apiAudience}/.default`],
    }))!;
    expect((await graphCall(fixture, apiToken.accessToken, 'GET', '/users')).status).toBe(401);
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), roles: ['Directory.ReadWrite.All'] })).toString(
      'base64url',
    );
    expect(payload).not.toBe(forged);
    expect((await graphCall(fixture, `${header}.${forged}.${signature}`, 'GET', '/users')).status).toBe(401);
  });

  it('when the app has no Graph role, then the answer is 403 Authorization_RequestDenied', async () => {
    const reader = fixture.msal('external', fixture.external.readerClient);
    const weak = (await reader.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))!;
    expect(decodeJwt(weak.accessToken).roles).toBeUndefined();
    const result = await graphCall(fixture, weak.accessToken, 'GET', '/users');
    expect(result.status).toBe(403);
    expect(result.body.error?.code).toBe('Authorization_RequestDenied');
  });

  it('when a workforce Graph token asks for an external user, then it is not found', async () => {
    const id = await createGraphUser(fixture, token, uniqueEmail('isolated'), 'Graph-Pass-123');
    const workforceToken = await graphToken(fixture, 'workforce');
    expect((await graphCall(fixture, workforceToken, 'GET', `/users/${id}`)).status).toBe(404);
  });
});

describe('revokeSignInSessions', () => {
  it('when sessions are revoked, then refresh tokens issued before stop working', async () => {
    const { tenantId, apiAudience, professionalClient, professionalUser } = fixture.workforce;
    const tokenUrl = `${fixture.entra.authority(tenantId)}/oauth2/v2.0/token`;
    const post = async (form: Record<string, string>) => {
      const response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: professionalClient.clientId,
          client_secret: professionalClient.clientSecret,
          ...form,
        }).toString(),
      });
      return (await response.json()) as TokenBody;
    };
    const signedIn = await post({
      grant_type: 'password',
      username: professionalUser.username,
      password: professionalUser.password,
      scope: `${apiAudience}/.default openid offline_access`,
    });
    expect(signedIn.refresh_token).toBeTruthy();
    const refreshed = await post({ grant_type: 'refresh_token', refresh_token: signedIn.refresh_token! });
    expect(refreshed.access_token).toBeTruthy();

    const workforceGraph = await graphToken(fixture, 'workforce');
    const revoke = await graphCall(
      fixture,
      workforceGraph,
      'POST',
      `/users/${professionalUser.id}/revokeSignInSessions`,
    );
    expect(revoke).toMatchObject({ status: 200, body: { value: true } });
    const refused = await post({ grant_type: 'refresh_token', refresh_token: signedIn.refresh_token! });
    expect(refused).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });

    const again = await post({
      grant_type: 'password',
      username: professionalUser.username,
      password: professionalUser.password,
      scope: `${apiAudience}/.default offline_access`,
    });
    expect(
      (await post({ grant_type: 'refresh_token', refresh_token: again.refresh_token! })).access_token,
    ).toBeTruthy();
  });
});
