/**
 * The authorization code flow both sign-ins share (clients in the external tenant, professionals in the workforce
 * tenant) with `@azure/msal-node`: code + PKCE S256, `state`, `nonce`, `ui_locales`, `response_mode=query`; and the
 * tenant's end-session URL that signing out sends the browser to (RP-initiated logout). MSAL does
 * not check the ID token's signature, so it is verified here with jose against the tenant's JWKS: signature (RS256),
 * issuer, tenant, audience, lifetime (≤ 5 min skew) and nonce. Only then does each sign-in read who it is from the
 * token's claims (`identity`); the service keeps no tokens.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { DomainError } from '../../domain/errors.js';
import type { ClientSignIn, SignInAttempt } from '../../domain/ports.js';

export interface CodeFlowOptions<Identity> {
  /** The MSAL app, or a loader of it (MSAL is then imported at the first sign-in). */
  app: ConfidentialClientApplication | (() => Promise<ConfidentialClientApplication>);
  /** The app registration signed in to: the ID token's `aud`. */
  clientId: string;
  /** The tenant whose users sign in: the ID token's `tid`. */
  tenantId: string;
  /** Where the tenant's signing keys are (`…/discovery/v2.0/keys`). */
  jwksUrl: string;
  /** The tenant's end-session endpoint (`<authority>/oauth2/v2.0/logout`, its discovery's `end_session_endpoint`). */
  endSessionUrl: string;
  /** The `iss` of the tenant's ID tokens. */
  issuer: string;
  scopes: string[];
  publicBaseUrl: string;
  now?: () => Date;
  /** Who signed in, from a token verified above (may refuse with `refused`). */
  identity: (payload: JWTPayload & { tid: string; oid: string }) => Identity;
}

/** The client sign-in port's shape (`ClientSignIn`), with the identity each sign-in reads from its ID token. */
export type CodeFlow<Identity> = Omit<ClientSignIn, 'redeem'> & {
  redeem(request: Parameters<ClientSignIn['redeem']>[0]): Promise<Identity>;
};

const random = () => randomBytes(32).toString('base64url');

/** A sign-in that proves nobody; what MSAL or jose said is its cause (logged, never shown). */
export function refused(reason: string, cause?: unknown): DomainError {
  return new DomainError(
    'sign-in-failed',
    `The sign-in could not be verified: ${reason}.`,
    {},
    cause === undefined ? undefined : { cause },
  );
}

export function codeFlow<Identity>(options: CodeFlowOptions<Identity>): CodeFlow<Identity> {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
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
    authorizeUrl: async ({ attempt, redirectPath, loginHint, prompt, maxAge, locale }) =>
      (await msal()).getAuthCodeUrl({
        scopes: options.scopes,
        redirectUri: redirectUri(redirectPath),
        responseMode: 'query',
        codeChallenge: attempt.codeChallenge,
        codeChallengeMethod: 'S256',
        state: attempt.state,
        nonce: attempt.nonce,
        ...(loginHint ? { loginHint } : {}),
        ...(prompt ? { prompt } : {}),
        extraQueryParameters: { ui_locales: locale, ...(maxAge === undefined ? {} : { max_age: String(maxAge) }) },
      }),
    signOutUrl({ postLogoutRedirectPath, state, locale }) {
      // msal-node has no logout URL for a confidential client; this is the query MSAL.js sends to the same endpoint
      // (post_logout_redirect_uri, state), with ui_locales for Entra's own pages on the way.
      const url = new URL(options.endSessionUrl);
      url.searchParams.set('post_logout_redirect_uri', redirectUri(postLogoutRedirectPath));
      url.searchParams.set('state', state);
      url.searchParams.set('ui_locales', locale);
      return url.toString();
    },
    async redeem({ code, attempt, redirectPath }): Promise<Identity> {
      let idToken: string;
      try {
        const app = await msal();
        const result = await app.acquireTokenByCode({
          code,
          scopes: options.scopes,
          redirectUri: redirectUri(redirectPath),
          codeVerifier: attempt.codeVerifier,
          state: attempt.state,
          nonce: attempt.nonce,
        });
        idToken = result.idToken;
        // No token is kept: the service only needed to know who signed in.
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
        return options.identity({ ...payload, tid: payload.tid, oid: payload.oid });
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
