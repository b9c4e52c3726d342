/**
 * Client sign-in through the external (customer) tenant: the code flow of `code-flow.ts` (PKCE S256, `state`, `nonce`,
 * the ID token verified with jose), with `login_hint` and `prompt` when asked. Only an identity that passes all of that
 * leaves this module: the account's tenant and object id, and the token's `email` and `name` when it has them.
 */
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { ClientSignIn } from '../../domain/ports.js';
import { codeFlow } from './code-flow.js';

export interface ClientSignInOptions {
  /** The MSAL app, or a loader of it (MSAL is then imported at the first sign-in). */
  app: ConfidentialClientApplication | (() => Promise<ConfidentialClientApplication>);
  clientId: string;
  tenantId: string;
  /**
   * `CLIENT_AUTHORITY`: the tenant's authority (MSAL's, where its keys are: `<authority>/discovery/v2.0/keys`, and
   * its sign-out: `<authority>/oauth2/v2.0/logout`).
   */
  authority: string;
  /**
   * `CLIENT_ISSUER`: the `iss` of the tenant's ID tokens. Not derived from the authority: External ID issues
   * `https://<tenant id>.ciamlogin.com/<tenant id>/v2.0` whatever the authority's host.
   */
  issuer: string;
  publicBaseUrl: string;
  now?: () => Date;
}

export function msalClientSignIn(options: ClientSignInOptions): ClientSignIn {
  return codeFlow({
    ...options,
    jwksUrl: `${options.authority.replace(/\/+$/, '')}/discovery/v2.0/keys`,
    // External ID's sign-out request: `https://<subdomain>.ciamlogin.com/<tenant id>/oauth2/v2.0/logout`.
    endSessionUrl: `${options.authority.replace(/\/+$/, '')}/oauth2/v2.0/logout`,
    scopes: ['openid', 'profile', 'email'],
    identity: (payload) => {
      const email = typeof payload.email === 'string' ? payload.email : undefined;
      const name = typeof payload.name === 'string' ? payload.name : undefined;
      // The optional claim the registration asks for (docs/decisions.md, "Fresh sign-in"): seconds since the epoch.
      const authTime = typeof payload.auth_time === 'number' ? new Date(payload.auth_time * 1000) : undefined;
      return {
        tenantId: payload.tid,
        objectId: payload.oid,
        ...(email ? { email } : {}),
        ...(name ? { name } : {}),
        ...(authTime ? { authTime } : {}),
      };
    },
  });
}
