/**
 * The local Entra ID's protocol surface without a browser: discovery, JWKS and key rotation, the token
 * endpoint's grants (client credentials, password, authorization code, refresh) with the real MSAL and jose,
 * Entra-shaped errors, and persistence of keys and users across a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntraFixture, graphToken, startEntraFixture, type TokenBody } from './entra-fixture.js';
import { authCodeRequest, FormSession, formOf, signInWithForms } from './entra-forms.js';

let fixture: EntraFixture;

beforeAll(async () => {
  fixture = await startEntraFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const tokenUrl = (tenantId: string) => `${fixture.entra.authority(tenantId)}/oauth2/v2.0/token`;
const jwks = (tenantId: string) =>
  createRemoteJWKSet(new URL(`${fixture.entra.authority(tenantId)}/discovery/v2.0/keys`));

async function postToken(tenantId: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(tokenUrl(tenantId), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as TokenBody };
}

describe('discovery and keys', () => {
  it('when the openid-configuration is fetched at the v2.0 and plain paths, then both have Entra shapes', async () => {
    const { tenantId } = fixture.external;
    const authority = fixture.entra.authority(tenantId);
    for (const url of [
      `${authority}/v2.0/.well-known/openid-configuration`,
      `${authority}/.well-known/openid-configuration`,
    ]) {
      const config = (await (await fetch(url)).json()) as Record<string, string>;
      expect(config).toMatchObject({
        // External ID's issuer: the tenant id as subdomain of ciamlogin.com, whatever host serves the endpoints.
        issuer: `https://${tenantId}.ciamlogin.com/${tenantId}/v2.0`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      });
    }
    expect(fixture.entra.issuer(tenantId)).toBe(`https://${tenantId}.ciamlogin.com/${tenantId}/v2.0`);
    const workforce = fixture.workforce.tenantId;
    const workforceConfig = (await (
      await fetch(`${fixture.entra.authority(workforce)}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(workforceConfig).toMatchObject({
      issuer: `https://login.microsoftonline.com/${workforce}/v2.0`,
      token_endpoint: `${fixture.entra.authority(workforce)}/oauth2/v2.0/token`,
    });
  });

  it('when the tenant is unknown, then the answer is an Entra error AADSTS90002', async () => {
    const response = await fetch(`${fixture.entra.url}/not-a-tenant/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  it('when the index page is fetched, then it lists both tenants and no secret', async () => {
    const html = await (await fetch(`${fixture.entra.url}/`)).text();
    expect(html).toContain(fixture.workforce.tenantId);
    expect(html).toContain(fixture.external.tenantId);
    expect(html).not.toContain(fixture.workforce.professionalClient.clientSecret);
  });
});

describe('client credentials', () => {
  it('when the professional app asks for the API with .default, then the token carries its roles and verifies', async () => {
    const { tenantId, apiAudience, apiClientId, professionalClient } = fixture.workforce;
    const result = await fixture
      .msal('workforce')
      .acquireTokenByClientCredential({ scopes: [`${apiAudience}/.default`] });
    // Asked for with the Application ID URI, a v2.0 token still carries the API's client id in `aud`.
    const { payload, protectedHeader } = await jwtVerify(result!.accessToken, jwks(tenantId), {
      issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
      audience: apiClientId,
      algorithms: ['RS256'],
    });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload).toMatchObject({ tid: tenantId, azp: professionalClient.clientId, azpacr: '1', ver: '2.0' });
    // v1.0-only `appid`, and the optional `idtyp` the API did not ask for, are absent.
    expect(payload).not.toHaveProperty('appid');
    expect(payload).not.toHaveProperty('idtyp');
    expect(payload.roles).toEqual(['Invitations.Send', 'Clients.Manage']);
    expect(payload.oid).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.sub).toBe(payload.oid);
  });

  it('when an API configured the idtyp optional claim, then its app-only tokens carry idtyp app', async () => {
    const { idtypApi } = fixture.workforce;
    const result = await fixture
      .msal('workforce')
      .acquireTokenByClientCredential({ scopes: [`${idtypApi.audience}/.default`] });
    expect(decodeJwt(result!.accessToken)).toMatchObject({
      aud: idtypApi.clientId,
      idtyp: 'app',
      roles: ['Reports.Read'],
    });
  });

  it('when the portal app asks for Graph, then the token is for Graph with its application permissions', async () => {
    const payload = decodeJwt(await graphToken(fixture));
    expect(payload).toMatchObject({ aud: 'https://graph.microsoft.com', ver: '2.0' });
    expect(payload.roles).toEqual(expect.arrayContaining(['User.ReadWrite.All', 'User.RevokeSessions.All']));
  });

  it('when the secret is wrong, then Entra answers invalid_client AADSTS7000215 in its JSON shape', async () => {
    const { tenantId, apiAudience, professionalClient } = fixture.workforce;
    const { status, body } = await postToken(tenantId, {
      grant_type: 'client_credentials',
      client_id: professionalClient.clientId,
      client_secret: 'wrong',
      scope: `${apiAudience}/.default`,
    });
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['error_description', 'timestamp', 'trace_id', 'correlation_id']),
    );
  });

  it('when the secret comes by HTTP Basic, then it is accepted', async () => {
    const { tenantId, apiAudience, professionalClient } = fixture.workforce;
    const basic = Buffer.from(`${professionalClient.clientId}:${encodeURIComponent(professionalClient.clientSecret)}`);
    const { status } = await postToken(
      tenantId,
      { grant_type: 'client_credentials', scope: `${apiAudience}/.default` },
      { authorization: `Basic ${basic.toString('base64')}` },
    );
    expect(status).toBe(200);
  });

  it('when the scope has no /.default, then the answer is invalid_scope', async () => {
    const { tenantId, apiAudience, professionalClient } = fixture.workforce;
    const { status, body } = await postToken(tenantId, {
      grant_type: 'client_credentials',
      ...professionalClient,
      client_id: professionalClient.clientId,
      client_secret: professionalClient.clientSecret,
      scope: `${apiAudience}/Invitations.Send`,
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
  });
});

describe('password grant', () => {
  it('when the dev professional user signs in with MSAL, then the delegated token has name, oid, roles and scp', async () => {
    const { tenantId, apiAudience, apiClientId, professionalUser } = fixture.workforce;
    const result = await fixture.msal('workforce').acquireTokenByUsernamePassword({
      scopes: [`${apiAudience}/.default`],
      username: professionalUser.username,
      password: professionalUser.password,
    });
    const { payload } = await jwtVerify(result!.accessToken, jwks(tenantId), {
      issuer: fixture.entra.issuer(tenantId),
      audience: apiClientId,
    });
    expect(payload).toMatchObject({
      name: 'Fanny Service-Engineer',
      oid: professionalUser.id,
      preferred_username: professionalUser.username,
      roles: ['Invitations.Send', 'Clients.Manage'],
      scp: 'user_impersonation',
      tid: tenantId,
      ver: '2.0',
    });
    expect(payload.idtyp).toBeUndefined();
    expect(result!.account?.homeAccountId).toBe(`${professionalUser.id}.${tenantId}`);
  });

  it('when the password is wrong, then the answer is invalid_grant AADSTS50126', async () => {
    const { tenantId, apiAudience, professionalClient, professionalUser } = fixture.workforce;
    const { status, body } = await postToken(tenantId, {
      grant_type: 'password',
      client_id: professionalClient.clientId,
      client_secret: professionalClient.clientSecret,
      scope: `${apiAudience}/.default`,
      username: professionalUser.username,
      password: 'Not-the-password-1',
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_grant', error_codes: [50126] });
  });

  it('when the password grant is tried in the external tenant, then it is refused', async () => {
    const { tenantId, portalClient } = fixture.external;
    const { status, body } = await postToken(tenantId, {
      grant_type: 'password',
      client_id: portalClient.clientId,
      client_secret: portalClient.clientSecret,
      scope: 'openid',
      username: 'someone@example.test',
      password: 'Whatever-1',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('unsupported_grant_type');
  });
});

describe('authorization code', () => {
  it('when a code is redeemed twice, then the second answer is invalid_grant AADSTS54005', async () => {
    const { professionalUser } = fixture.workforce;
    const request = await authCodeRequest(fixture, 'workforce', { loginHint: professionalUser.username });
    const back = await signInWithForms(fixture, request.url, professionalUser.username, professionalUser.password);
    expect(back.searchParams.get('state')).toBe(request.state);
    const code = back.searchParams.get('code')!;
    const redeem = () =>
      postToken(fixture.workforce.tenantId, {
        grant_type: 'authorization_code',
        client_id: fixture.workforce.professionalClient.clientId,
        client_secret: fixture.workforce.professionalClient.clientSecret,
        code,
        redirect_uri: fixture.redirectUri,
        code_verifier: request.verifier,
        scope: 'openid profile offline_access',
      });
    const first = await redeem();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer' });
    expect(first.body.refresh_token).toBeTruthy();
    expect(decodeJwt(first.body.id_token!)).toMatchObject({ nonce: request.nonce, oid: professionalUser.id });
    const second = await redeem();
    expect(second.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
  });

  it('when the PKCE verifier is wrong, then the answer is invalid_grant', async () => {
    const { professionalUser } = fixture.workforce;
    const request = await authCodeRequest(fixture, 'workforce', { loginHint: professionalUser.username });
    const back = await signInWithForms(fixture, request.url, professionalUser.username, professionalUser.password);
    const error = await fixture
      .msal('workforce')
      .acquireTokenByCode({
        code: back.searchParams.get('code')!,
        scopes: ['openid'],
        redirectUri: fixture.redirectUri,
        codeVerifier: `${request.verifier}x`,
        nonce: request.nonce,
      })
      .catch((e: unknown) => e as { errorCode?: string; errorMessage?: string });
    expect(error).toMatchObject({ errorCode: 'invalid_grant' });
    expect((error as { errorMessage: string }).errorMessage).toContain('AADSTS501481');
  });

  it('when the code is older than 10 minutes, then the answer is invalid_grant AADSTS70008', async () => {
    let clock = Date.now();
    const timed = await startEntraFixture({ now: () => clock });
    try {
      const { professionalUser, professionalClient, tenantId } = timed.workforce;
      const request = await authCodeRequest(timed, 'workforce', { loginHint: professionalUser.username });
      const back = await signInWithForms(timed, request.url, professionalUser.username, professionalUser.password);
      clock += 10 * 60 * 1000 + 1000;
      const response = await fetch(`${timed.entra.authority(tenantId)}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: professionalClient.clientId,
          client_secret: professionalClient.clientSecret,
          code: back.searchParams.get('code')!,
          redirect_uri: timed.redirectUri,
          code_verifier: request.verifier,
        }).toString(),
      });
      expect(await response.json()).toMatchObject({ error: 'invalid_grant', error_codes: [70008] });
    } finally {
      await timed.close();
    }
  });

  it('when plain PKCE or no PKCE is asked, then the app gets error=invalid_request with its state', async () => {
    const { tenantId, professionalClient } = fixture.workforce;
    const base = new URL(`${fixture.entra.authority(tenantId)}/oauth2/v2.0/authorize`);
    const params = {
      client_id: professionalClient.clientId,
      redirect_uri: fixture.redirectUri,
      response_type: 'code',
      scope: 'openid',
      state: 'st-1',
    };
    const variants: Array<Record<string, string>> = [
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
      {},
    ];
    for (const pkce of variants) {
      base.search = new URLSearchParams({ ...params, ...pkce }).toString();
      const response = await fetch(base, { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(fixture.redirectUri);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('st-1');
    }
  });
});

describe('response modes and prompts', () => {
  it('when response_mode=form_post, then the code comes back in an auto-posting form to the redirect URI', async () => {
    const { professionalUser } = fixture.workforce;
    const request = await authCodeRequest(fixture, 'workforce', { loginHint: professionalUser.username });
    const url = new URL(request.url);
    url.searchParams.set('response_mode', 'form_post');
    const session = new FormSession();
    const form = formOf(await (await session.request(url.toString())).text());
    const response = await session.request(`${fixture.entra.url}${form.action}`, {
      form: { tx: form.tx, csrf: form.csrf, email: professionalUser.username, password: professionalUser.password },
    });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(`action="${fixture.redirectUri}"`);
    expect(html).toMatch(/name="code" value="[\w-]{20,}"/);
    expect(html).toContain(`name="state" value="${request.state}"`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'nonce-");
  });

  it('when prompt=none finds no session, then the app gets login_required; with a session, a code', async () => {
    const { professionalUser } = fixture.workforce;
    const session = new FormSession();
    const silent = await authCodeRequest(fixture, 'workforce', { prompt: 'none' });
    const refused = await session.request(silent.url);
    expect(new URL(refused.headers.get('location')!).searchParams.get('error')).toBe('login_required');
    const interactive = await authCodeRequest(fixture, 'workforce', { loginHint: professionalUser.username });
    await signInWithForms(fixture, interactive.url, professionalUser.username, professionalUser.password, session);
    const again = await authCodeRequest(fixture, 'workforce', { prompt: 'none' });
    const granted = new URL((await session.request(again.url)).headers.get('location')!);
    expect(granted.searchParams.get('code')).toBeTruthy();
    expect(granted.searchParams.get('state')).toBe(again.state);
  });
});

describe('refresh tokens', () => {
  it('when MSAL is forced to refresh, then it gets a new access token through the refresh_token grant', async () => {
    const { professionalUser } = fixture.workforce;
    const app = fixture.msal('workforce');
    const request = await authCodeRequest(fixture, 'workforce', { loginHint: professionalUser.username });
    const back = await signInWithForms(fixture, request.url, professionalUser.username, professionalUser.password);
    const first = await app.acquireTokenByCode(
      {
        code: back.searchParams.get('code')!,
        scopes: ['openid', 'profile', 'email'],
        redirectUri: fixture.redirectUri,
        codeVerifier: request.verifier,
        nonce: request.nonce,
        state: request.state,
      },
      {
        code: back.searchParams.get('code')!,
        state: back.searchParams.get('state')!,
        client_info: back.searchParams.get('client_info')!,
      },
    );
    const refreshed = await app.acquireTokenSilent({
      account: first.account!,
      scopes: ['openid', 'profile', 'email'],
      forceRefresh: true,
    });
    expect(refreshed.fromCache).toBe(false);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
  });
});

describe('key rotation', () => {
  it('when keys rotate, then old tokens still verify, new tokens use the new kid and the JWKS lists both', async () => {
    const { tenantId, apiAudience, apiClientId } = fixture.workforce;
    const app = fixture.msal('workforce');
    const before = (await app.acquireTokenByClientCredential({ scopes: [`${apiAudience}/.default`], skipCache: true }))!
      .accessToken;
    const oldKid = decodeProtectedHeader(before).kid;
    await fixture.entra.rotateSigningKeys();
    const after = (await app.acquireTokenByClientCredential({ scopes: [`${apiAudience}/.default`], skipCache: true }))!
      .accessToken;
    const newKid = decodeProtectedHeader(after).kid;
    expect(newKid).not.toBe(oldKid);
    const keys = (await (await fetch(`${fixture.entra.authority(tenantId)}/discovery/v2.0/keys`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(keys.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    const options = { issuer: fixture.entra.issuer(tenantId), audience: apiClientId };
    await expect(jwtVerify(before, jwks(tenantId), options)).resolves.toBeTruthy();
    await expect(jwtVerify(after, jwks(tenantId), options)).resolves.toBeTruthy();
  });
});

describe('persistence', () => {
  it('when the local Entra ID restarts on its data folder, then its keys and Graph-created users survive', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'entra-'));
    const durable = await startEntraFixture({ dataDir });
    try {
      const token = await graphToken(durable);
      const created = await fetch(`${durable.entra.url}/v1.0/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          displayName: 'Persisted Person',
          mail: 'persisted@example.test',
          identities: [
            { signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: 'persisted@example.test' },
          ],
          passwordProfile: { password: 'Persisted-Pass-1', forceChangePasswordNextSignIn: false },
        }),
      });
      const { id } = (await created.json()) as { id: string };
      await durable.restart();
      const { tenantId } = durable.external;
      const jwksAfter = createRemoteJWKSet(new URL(`${durable.entra.authority(tenantId)}/discovery/v2.0/keys`));
      await expect(jwtVerify(token, jwksAfter, { audience: 'https://graph.microsoft.com' })).resolves.toBeTruthy();
      const found = await fetch(`${durable.entra.url}/v1.0/users/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(found.status).toBe(200);
      expect(await found.json()).toMatchObject({ id, mail: 'persisted@example.test' });
    } finally {
      await durable.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
