/**
 * Professionals' sign-in to the console through the workforce tenant: the code flow of `code-flow.ts` (PKCE S256,
 * `state`, `nonce`, the ID token verified with jose; its audience is the console's app). The professional that leaves this
 * module is the one the bearer path builds (`checkAccessTokenClaims`): tenant, `oid`, the app (here the console's),
 * a name, `kind: user`, and the app roles of the ID token (those assigned to them on the console's registration).
 */
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { ProfessionalSignIn } from '../../domain/ports.js';
import { codeFlow } from './code-flow.js';
import { PROFESSIONAL_ROLES } from './professional-tokens.js';

export interface ProfessionalSignInOptions {
  /** The MSAL app of the console's registration, or a loader of it (MSAL is then imported at the first sign-in). */
  app: ConfidentialClientApplication | (() => Promise<ConfidentialClientApplication>);
  /** `CONSOLE_APP_ID`: the console's app registration in the workforce tenant (the ID token's `aud`). */
  clientId: string;
  /** `WORKFORCE_TENANT_ID`. */
  tenantId: string;
  /**
   * `WORKFORCE_AUTHORITY_HOST` (no tenant): the JWKS is at `<host>/<tenant>/discovery/v2.0/keys`, the sign-out at
   * `<host>/<tenant>/oauth2/v2.0/logout`.
   */
  authorityHost: string;
  /** `WORKFORCE_ISSUER`: the `iss` of the tenant's v2.0 tokens. */
  issuer: string;
  publicBaseUrl: string;
  now?: () => Date;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

export function msalProfessionalSignIn(options: ProfessionalSignInOptions): ProfessionalSignIn {
  return codeFlow({
    ...options,
    jwksUrl: `${options.authorityHost.replace(/\/+$/, '')}/${options.tenantId}/discovery/v2.0/keys`,
    // The sign-out request: `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/logout`.
    endSessionUrl: `${options.authorityHost.replace(/\/+$/, '')}/${options.tenantId}/oauth2/v2.0/logout`,
    scopes: ['openid', 'profile'],
    identity: (payload) => {
      const roles = Array.isArray(payload.roles) ? payload.roles : [];
      const username = text(payload.preferred_username);
      return {
        tenantId: options.tenantId,
        oid: payload.oid,
        appId: options.clientId,
        name: text(payload.name) ?? username ?? payload.oid,
        kind: 'user' as const,
        roles: PROFESSIONAL_ROLES.filter((role) => roles.includes(role)),
        ...(username ? { username } : {}),
      };
    },
  });
}
