/**
 * Client sign-in through the external (customer) tenant with `@azure/msal-node`: authorization code + PKCE S256,
 * `state`, `nonce`, `login_hint`, `prompt`, `ui_locales`, `response_mode=query`. MSAL does not check the ID token's
 * signature, so it is verified here with jose against the tenant's JWKS: signature (RS256), issuer, tenant, audience,
 * lifetime (≤ 5 min skew) and nonce. Only an identity that passes all of that leaves this module.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { VerifiedIdentity } from '../../domain/client.js';
import { DomainError } from '../../domain/errors.js';
import type { ClientSignIn, SignInAttempt } from '../../domain/ports.js';

export interface ClientSignInOptions {
  /** The MSAL app, or a loader of it (MSAL is then imported at the first sign-in). */
  app: ConfidentialClientApplication | (() => Promise<ConfidentialClientApplication>);
  clientId: string;
  tenantId: string;
  /** `CLIENT_AUTHORITY`: the tenant's authority (MSAL's, and where its keys are: `<authority>/discovery/v2.0/keys`). */
  authority: string;
  /**
   * `CLIENT_ISSUER`: the `iss` of the tenant's ID tokens. Not derived from the authority: External ID issues
   * `https://<tenant id>.ciamlogin.com/<tenant id>/v2.0` whatever the authority's host.
   */
  issuer: string;
  publicBaseUrl: string;
  now?: () => Date;
}

const SCOPES = ['openid', 'profile', 'email'];
const random = () => randomBytes(32).toString('base64url');

/** A sign-in that proves nobody; what MSAL or jose said is its cause (logged, never shown). */
function refused(reason: string, cause?: unknown): DomainError {
  return new DomainError(
    'sign-in-failed',
    `The sign-in could not be verified: ${reason}.`,
    {},
    cause === undefined ? undefined : { cause },
  );
}

export function msalClientSignIn(options: ClientSignInOptions): ClientSignIn {
  const authority = options.authority.replace(/\/+$/, '');
  const { issuer } = options;
  const keys = createRemoteJWKSet(new URL(`${authority}/discovery/v2.0/keys`), {
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
    authorizeUrl: async ({ attempt, redirectPath, loginHint, prompt, locale }) =>
      (await msal()).getAuthCodeUrl({
        scopes: SCOPES,
        redirectUri: redirectUri(redirectPath),
        responseMode: 'query',
        codeChallenge: attempt.codeChallenge,
        codeChallengeMethod: 'S256',
        state: attempt.state,
        nonce: attempt.nonce,
        ...(loginHint ? { loginHint } : {}),
        ...(prompt ? { prompt } : {}),
        extraQueryParameters: { ui_locales: locale },
      }),
    async redeem({ code, attempt, redirectPath }): Promise<VerifiedIdentity> {
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
        // The service keeps no tokens: it only needed to know who signed in.
        if (result.account) await app.getTokenCache().removeAccount(result.account);
      } catch (error) {
        throw refused('the authorization code was not accepted', error);
      }
      if (!idToken) throw refused('no ID token was returned');
      try {
        const { payload } = await jwtVerify(idToken, keys, {
          algorithms: ['RS256'],
          issuer,
          audience: options.clientId,
          clockTolerance: 300,
          requiredClaims: ['exp', 'iat', 'nonce', 'tid', 'oid'],
          ...(options.now ? { currentDate: options.now() } : {}),
        });
        if (payload.tid !== options.tenantId) throw refused('the token comes from another tenant');
        if (typeof payload.nonce !== 'string' || payload.nonce !== attempt.nonce)
          throw refused('the nonce does not match');
        if (typeof payload.oid !== 'string') throw refused('the token names nobody');
        const email = typeof payload.email === 'string' ? payload.email : undefined;
        const name = typeof payload.name === 'string' ? payload.name : undefined;
        return { tenantId: payload.tid, objectId: payload.oid, ...(email ? { email } : {}), ...(name ? { name } : {}) };
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
