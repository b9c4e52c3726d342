/**
 * Professionals' sign-in to the console through the workforce tenant with `@azure/msal-node`: authorization code +
 * PKCE S256, `state`, `nonce`, `ui_locales`, `response_mode=query` — the shape of `client-sign-in.ts`. MSAL does not
 * check the ID token's signature, so it is verified here with jose against the tenant's JWKS: signature (RS256),
 * issuer, tenant, audience (the console's app), lifetime (≤ 5 min skew) and nonce. The professional that leaves this
 * module is the one the bearer path builds (`checkAccessTokenClaims`): tenant, `oid`, the app (here the console's),
 * a name, `kind: user`, and the app roles of the ID token (those assigned to them on the console's registration).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { DomainError } from '../../domain/errors.js';
import type { ProfessionalSignIn, SignedInProfessional, SignInAttempt } from '../../domain/ports.js';
import { PROFESSIONAL_ROLES } from './professional-tokens.js';

export interface ProfessionalSignInOptions {
  /** The MSAL app of the console's registration, or a loader of it (MSAL is then imported at the first sign-in). */
  app: ConfidentialClientApplication | (() => Promise<ConfidentialClientApplication>);
  /** `CONSOLE_APP_ID`: the console's app registration in the workforce tenant (the ID token's `aud`). */
  clientId: string;
  /** `WORKFORCE_TENANT_ID`. */
  tenantId: string;
  /** `WORKFORCE_AUTHORITY_HOST` (no tenant): the JWKS is at `<host>/<tenant>/discovery/v2.0/keys`. */
  authorityHost: string;
  /** `WORKFORCE_ISSUER`: the `iss` of the tenant's v2.0 tokens. */
  issuer: string;
  publicBaseUrl: string;
  now?: () => Date;
}

const SCOPES = ['openid', 'profile'];
const random = () => randomBytes(32).toString('base64url');

function refused(reason: string, cause?: unknown): DomainError {
  return new DomainError(
    'sign-in-failed',
    `The sign-in could not be verified: ${reason}.`,
    {},
    cause === undefined ? undefined : { cause },
  );
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

export function msalProfessionalSignIn(options: ProfessionalSignInOptions): ProfessionalSignIn {
  const host = options.authorityHost.replace(/\/+$/, '');
  const keys = createRemoteJWKSet(new URL(`${host}/${options.tenantId}/discovery/v2.0/keys`), {
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
  const redirectUri = (path: string) => `${options.publicBaseUrl}${path}`;
  const msal = async () => (typeof options.app === 'function' ? options.app() : options.app);
  return {
    newAttempt(): SignInAttempt {
      const codeVerifier = random();
      return {
        state: random(),
        nonce: random(),
        codeVerifier,
        codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
      };
    },
    sameState(a, b) {
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length === y.length && timingSafeEqual(x, y);
    },
    authorizeUrl: async ({ attempt, redirectPath, prompt, locale }) =>
      (await msal()).getAuthCodeUrl({
        scopes: SCOPES,
        redirectUri: redirectUri(redirectPath),
        responseMode: 'query',
        codeChallenge: attempt.codeChallenge,
        codeChallengeMethod: 'S256',
        state: attempt.state,
        nonce: attempt.nonce,
        ...(prompt ? { prompt } : {}),
        extraQueryParameters: { ui_locales: locale },
      }),
    async redeem({ code, attempt, redirectPath }): Promise<SignedInProfessional> {
      let idToken: string;
      try {
        const app = await msal();
        const result = await app.acquireTokenByCode({
          code,
          scopes: SCOPES,
          redirectUri: redirectUri(redirectPath),
          codeVerifier: attempt.codeVerifier,
          state: attempt.state,
          nonce: attempt.nonce,
        });
        idToken = result.idToken;
        // The console keeps no tokens: it only needed to know who signed in and with which roles.
        if (result.account) await app.getTokenCache().removeAccount(result.account);
      } catch (error) {
        throw refused('the authorization code was not accepted', error);
      }
      if (!idToken) throw refused('no ID token was returned');
      try {
        const { payload } = await jwtVerify(idToken, keys, {
          algorithms: ['RS256'],
          issuer: options.issuer,
          audience: options.clientId,
          clockTolerance: 300,
          requiredClaims: ['exp', 'iat', 'nonce', 'tid', 'oid'],
          ...(options.now ? { currentDate: options.now() } : {}),
        });
        if (payload.tid !== options.tenantId) throw refused('the token comes from another tenant');
        if (typeof payload.nonce !== 'string' || payload.nonce !== attempt.nonce)
          throw refused('the nonce does not match');
        if (typeof payload.oid !== 'string' || payload.oid === '') throw refused('the token names nobody');
        const roles = Array.isArray(payload.roles) ? payload.roles : [];
        const username = text(payload.preferred_username);
        return {
          tenantId: options.tenantId,
          oid: payload.oid,
          appId: options.clientId,
          name: text(payload.name) ?? username ?? payload.oid,
          kind: 'user',
          roles: PROFESSIONAL_ROLES.filter((role) => roles.includes(role)),
          ...(username ? { username } : {}),
        };
      } catch (error) {
        if (error instanceof DomainError) throw error;
        if (
          error instanceof errors.JWKSTimeout ||
          (error instanceof Error && /fetch failed|ECONNREFUSED/.test(error.message))
        ) {
          throw new DomainError(
            'dependency-unavailable',
            'The identity provider cannot be reached.',
            { retryAfterSeconds: 30 },
            { cause: error },
          );
        }
        throw refused('the ID token is not valid', error);
      }
    },
  };
}
