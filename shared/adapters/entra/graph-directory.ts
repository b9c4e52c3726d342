/**
 * The client tenant's directory through Microsoft Graph (app-only token from MSAL's client credentials, cached by
 * MSAL): whether an email already has an account, by `mail` or by a local-account identity.
 */
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { DomainError } from '../../domain/errors.js';
import type { ClientDirectory } from '../../domain/ports.js';

const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;

export function graphClientDirectory(options: {
  /** The MSAL app, or a loader of it. */
  app: ConfidentialClientApplication | (() => Promise<ConfidentialClientApplication>);
  graphBaseUrl: string;
  /**
   * The issuer named in the identities filter: the tenant's domain (e.g. contoso.onmicrosoft.com) or its id. Graph
   * requires one beside the sign-in name and ignores its value for `emailAddress` identities.
   */
  identityIssuer: string;
}): ClientDirectory {
  const base = options.graphBaseUrl.replace(/\/+$/, '');
  async function token(): Promise<string> {
    const app = typeof options.app === 'function' ? await options.app() : options.app;
    const result = await app.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    if (!result?.accessToken) throw new Error('no Graph token');
    return result.accessToken;
  }
  async function any(filter: string, bearer: string): Promise<boolean> {
    const url = `${base}/v1.0/users?$filter=${encodeURIComponent(filter)}&$select=id&$top=1`;
    // No `ConsistencyLevel: eventual`: these are default queries (`eq`, `any`), and the eventually consistent index
    // could miss an account created a moment ago.
    const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
    if (!response.ok) throw new Error(`Graph answered ${response.status}`);
    const body = (await response.json()) as { value?: unknown[] };
    return (body.value?.length ?? 0) > 0;
  }
  return {
    async hasAccount(email) {
      try {
        const bearer = await token();
        if (await any(`mail eq ${odataString(email)}`, bearer)) return true;
        // Graph requires the issuer alongside the sign-in name when filtering identities.
        return await any(
          `identities/any(c:c/issuerAssignedId eq ${odataString(email)} and c/issuer eq ${odataString(options.identityIssuer)})`,
          bearer,
        );
      } catch (error) {
        throw new DomainError(
          'dependency-unavailable',
          'The directory of accounts cannot be reached; try again shortly.',
          { retryAfterSeconds: 30, dependency: 'graph' },
          { cause: error },
        );
      }
    },
  };
}
