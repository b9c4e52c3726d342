/**
 * Professionals' bearer tokens against the running local stack: tokens come from the local Entra ID through MSAL,
 * as professionals' apps get them, and the verifier is the one the service builds from its settings. Every refusal
 * must be a 401 `unauthenticated` (403 for a missing role), and each case here would pass if its check were gone.
 */

import azf from '@azure/functions';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createProfessionalTokenVerifier,
  type ProfessionalTokenVerifier,
} from '../../shared/adapters/entra/professional-tokens.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { requireRole } from '../../shared/domain/provider.js';
import { errorResponse } from '../../shared/http/handler.js';
import { createLogger } from '../../shared/log.js';
import { clientTenantApp, professionalApp, stack } from '../support/stack.js';

const GRAPH = 'https://graph.microsoft.com';

/** The verifier as the service wires it: from the stack's app settings, through buildDeps. */
const serviceVerifier = (): ProfessionalTokenVerifier =>
  buildDeps(parseSettings(inject('stackSettings'))).professionalTokens;

/** The API's client id: v2.0 access tokens carry it in `aud`. */
const apiAppId = () => inject('stackSettings').API_APP_ID!;
/** The workforce tenant's issuer as Azure writes it (the local Entra signs it too). */
const workforceIssuer = () => `https://login.microsoftonline.com/${stack().entra.workforce.tenantId}/v2.0`;

/** A verifier of the stack's workforce tenant with other audiences or another clock. */
const verifierWith = (options: { audiences?: string[]; now?: () => Date; authorityHost?: string }) =>
  createProfessionalTokenVerifier({
    authorityHost: options.authorityHost ?? stack().entra.url,
    tenantId: stack().entra.workforce.tenantId,
    issuer: workforceIssuer(),
    audiences: options.audiences ?? [apiAppId()],
    ...(options.now && { now: options.now }),
  });

/** What the HTTP edge answers for a refusal. */
function answerFor(error: DomainError) {
  const context = new azf.InvocationContext({ invocationId: 'pt-test', functionName: 'Test', logHandler: () => {} });
  return errorResponse(
    error,
    context,
    createLogger(() => {}),
  );
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(DomainError);
  return outcome.error as DomainError;
}

/** Refused with 401 `unauthenticated`, `WWW-Authenticate: Bearer`, a reason, and never the token itself. */
async function expectUnauthenticated(promise: Promise<unknown>, reason: RegExp, token?: string): Promise<void> {
  const error = await refusal(promise);
  expect(error.code).toBe('unauthenticated');
  expect(error.message).toMatch(/^A valid bearer token for this API is required: /);
  expect(error.message).toMatch(reason);
  const response = answerFor(error);
  expect(response.status).toBe(401);
  expect((response.headers as Record<string, string>)['WWW-Authenticate']).toBe('Bearer');
  if (token) {
    expect(error.message).not.toContain(token.split('.')[1]);
    expect(response.body as string).not.toContain(token.split('.')[1]);
  }
}

const bearer = (token: string) => `Bearer ${token}`;

describe('professional bearer tokens (local stack)', () => {
  let appToken: string;
  let userToken: string;
  let userIdToken: string;

  beforeAll(async () => {
    const { workforce } = stack().entra;
    const app = await professionalApp().acquireTokenByClientCredential({
      scopes: [`${workforce.apiAudience}/.default`],
    });
    const user = await professionalApp().acquireTokenByUsernamePassword({
      scopes: [`${workforce.apiAudience}/.default`],
      username: workforce.professionalUser.username,
      password: workforce.professionalUser.password,
    });
    if (!app?.accessToken || !user?.accessToken || !user.idToken) throw new Error('the local Entra gave no tokens');
    appToken = app.accessToken;
    userToken = user.accessToken;
    userIdToken = user.idToken;
  });

  it('when the field-service app sends its client-credentials token, then it is an app with both roles', async () => {
    const { workforce } = stack().entra;
    // Asked for as `api://…/.default`, the v2.0 token still names the API by its client id.
    expect(decodeJwt(appToken)).toMatchObject({ aud: apiAppId(), iss: workforceIssuer(), ver: '2.0' });
    expect(decodeJwt(appToken)).not.toHaveProperty('idtyp');
    const professional = await serviceVerifier().verify(bearer(appToken));
    expect(professional).toEqual({
      tenantId: workforce.tenantId,
      oid: decodeJwt(appToken).oid,
      appId: workforce.professionalClient.clientId,
      name: workforce.professionalClient.clientId,
      kind: 'app',
      roles: ['Invitations.Send', 'Clients.Manage'],
    });
  });

  it('when the dev professional sends a password-grant token, then it is a user with a name and roles', async () => {
    const { workforce } = stack().entra;
    const professional = await serviceVerifier().verify(bearer(userToken));
    expect(professional).toMatchObject({
      tenantId: workforce.tenantId,
      oid: decodeJwt(userToken).oid,
      appId: workforce.professionalClient.clientId,
      name: 'Tamer Mohamed-Nour',
      kind: 'user',
    });
    expect(professional.roles.sort()).toEqual(['Clients.Manage', 'Invitations.Send']);
  });

  it('when the Authorization header is missing, Basic or garbage, then 401', async () => {
    const verifier = serviceVerifier();
    await expectUnauthenticated(verifier.verify(undefined), /no bearer token/);
    await expectUnauthenticated(verifier.verify(''), /no bearer token/);
    await expectUnauthenticated(verifier.verify('Basic ZnNlOnNlY3JldA=='), /not a bearer token/);
    await expectUnauthenticated(verifier.verify(appToken), /not a bearer token/);
    await expectUnauthenticated(verifier.verify('Bearer garbage'), /malformed/);
    await expectUnauthenticated(verifier.verify('Bearer e30.e30.AAAA'), /RS256|malformed/);
  });

  it('when one character of the signature is changed, then 401 "signature is invalid"', async () => {
    const [header, payload, signature] = appToken.split('.') as [string, string, string];
    // A character in the middle: the last one of a base64url signature partly encodes padding bits.
    const i = Math.floor(signature.length / 2);
    const flipped = `${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
    const tampered = `${header}.${payload}.${flipped}`;
    await expectUnauthenticated(serviceVerifier().verify(bearer(tampered)), /signature is invalid/, tampered);
  });

  it('when a token with the right claims and kid is signed by another key, then 401 "signature is invalid"', async () => {
    const { kid } = decodeProtectedHeader(appToken);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(appToken))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid && { kid }) })
      .sign(privateKey);
    await expectUnauthenticated(serviceVerifier().verify(bearer(forged)), /signature is invalid/, forged);
  });

  it('when the workforce app sends a token for Graph, then 401 "another audience"', async () => {
    const graph = await professionalApp().acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    expect(decodeJwt(graph!.accessToken).iss).toBe(workforceIssuer());
    await expectUnauthenticated(serviceVerifier().verify(bearer(graph!.accessToken)), /another audience/);
  });

  it('when the external tenant app sends its token, then 401 — and the issuer alone refuses it', async () => {
    const external = await clientTenantApp().acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    const token = external!.accessToken;
    expect(decodeJwt(token).tid).toBe(stack().entra.external.tenantId);
    // Same signing keys as the workforce tenant (as in Entra): only the issuer and tid tell them apart.
    await expectUnauthenticated(serviceVerifier().verify(bearer(token)), /another (tenant|audience)/);
    // Even with Graph as an accepted audience, the external tenant's issuer is refused.
    await expectUnauthenticated(
      verifierWith({ audiences: [apiAppId(), GRAPH] }).verify(bearer(token)),
      /another tenant/,
    );
  });

  it('when an ID token is sent, then 401 — also where its audience is (wrongly) accepted', async () => {
    const { workforce } = stack().entra;
    expect(decodeJwt(userIdToken).aud).toBe(workforce.professionalClient.clientId);
    await expectUnauthenticated(serviceVerifier().verify(bearer(userIdToken)), /another audience/);
    // Signature, issuer, tenant and audience all pass here: only the access-token check stands in the way.
    const lax = verifierWith({ audiences: [apiAppId(), workforce.professionalClient.clientId] });
    await expectUnauthenticated(lax.verify(bearer(userIdToken)), /not an access token/);
  });

  it('when the clock is past exp plus 5 minutes, then 401 "expired"; within the skew it is accepted', async () => {
    const { exp } = decodeJwt(appToken) as { exp: number };
    const at = (seconds: number) => () => new Date((exp + seconds) * 1000);
    await expect(verifierWith({ now: at(240) }).verify(bearer(appToken))).resolves.toMatchObject({ kind: 'app' });
    await expectUnauthenticated(verifierWith({ now: at(301) }).verify(bearer(appToken)), /expired/);
  });

  it('when the identity provider cannot be reached, then 503 dependency-unavailable, not 401', async () => {
    const error = await refusal(verifierWith({ authorityHost: 'https://127.0.0.1:9' }).verify(bearer(appToken)));
    expect(error.code).toBe('dependency-unavailable');
    expect(error.message).toBe('The identity provider cannot be reached.');
    expect(answerFor(error).status).toBe(503);
  });

  it('when a verified professional lacks a role, then 403 forbidden names it', async () => {
    const professional = await serviceVerifier().verify(bearer(userToken));
    expect(() => requireRole(professional, 'Clients.Manage')).not.toThrow();
    const error = await refusal(
      Promise.resolve().then(() => requireRole({ ...professional, roles: ['Invitations.Send'] }, 'Clients.Manage')),
    );
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('This action needs the Clients.Manage role.');
    expect(answerFor(error).status).toBe(403);
  });
});
