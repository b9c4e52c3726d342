/**
 * The clients' directory (the External ID tenant, through Microsoft Graph) for ops commands that change an account
 * there (`npm run provider -- release-email`). Locally: the local Entra ID's Graph with the stack's directory admin app
 * (`entra.external.graphClient` of `.dev/stack.json`, standing in for an operator), trusting the dev CA. With
 * `--azure`: Microsoft Graph with the operator's own sign-in into the client tenant (`DefaultAzureCredential`:
 * `az login --tenant <CLIENT_TENANT_ID> --allow-no-subscriptions`), a delegated token — Graph then acts with the
 * operator's own directory role there (User Administrator: docs/operations.md, "Releasing an address"). The tenant
 * comes from `CLIENT_TENANT_ID` in the environment or the azd environment, as the deployment has it.
 */
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { graphClientDirectory } from '../shared/adapters/entra/graph-directory.js';
import type { ClientDirectory } from '../shared/domain/ports.js';
import { isGuid } from '../shared/domain/provider.js';
import type { Where } from './provider-options.js';
import { azdValues, type Surroundings, TargetError } from './provider-storage.js';
import { httpRequest, localDirectoryAdminApp, readStack } from './stack-client.js';

export interface ClientTenant {
  directory: ClientDirectory;
  /** For messages: "the local Entra ID (tenant …)" or "the client tenant … through Microsoft Graph". */
  description: string;
  tenantId: string;
  /** Where the operator's identity is refused, what to do (undefined locally: the stack's own app is used). */
  roleHint?: string;
}

export interface GraphAccess {
  /** Default with `--azure`: `DefaultAzureCredential` for the client tenant. */
  graphCredential?: TokenCredential;
  /** Tests: where Graph requests go instead of the network. */
  graphFetch?: typeof fetch;
}

/** Statuses whose answer has no body (the `Response` constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/** `fetch` over `httpRequest`, trusting the local stack's dev CA (without NODE_EXTRA_CA_CERTS). */
export function devCaFetch(ca: string): typeof fetch {
  return async (input, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const answer = await httpRequest(String(input instanceof Request ? input.url : input), {
      method: init?.method ?? 'GET',
      headers,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      ca,
    });
    return new Response(NO_BODY.has(answer.status) ? null : answer.text, {
      status: answer.status,
      headers: answer.headers,
    });
  };
}

export async function openClientTenant(
  where: Where,
  around: Surroundings,
  access: GraphAccess = {},
): Promise<ClientTenant> {
  if (where.kind === 'azure') {
    const values = await azdValues(where, around);
    const pick = (key: string) => around.env[key]?.trim() || values[key]?.trim() || undefined;
    const tenantId = pick('CLIENT_TENANT_ID');
    if (!tenantId) {
      throw new TargetError(
        'No client tenant: set CLIENT_TENANT_ID (azd env set CLIENT_TENANT_ID <external tenant id>, as for the deployment).',
      );
    }
    if (!isGuid(tenantId)) throw new TargetError(`CLIENT_TENANT_ID "${tenantId}" is not a tenant id (a GUID).`);
    const graphBaseUrl = (pick('GRAPH_BASE_URL') ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
    const credential =
      access.graphCredential ?? new (await import('@azure/identity')).DefaultAzureCredential({ tenantId });
    const scope = `${new URL(graphBaseUrl).origin}/.default`;
    return {
      directory: graphClientDirectory({
        accessToken: async () => (await credential.getToken(scope, { tenantId }))?.token ?? '',
        graphBaseUrl,
        identityIssuer: pick('CLIENT_TENANT_DOMAIN') ?? tenantId,
        ...(access.graphFetch ? { fetch: access.graphFetch } : {}),
      }),
      description: `the client tenant ${tenantId} through ${graphBaseUrl}`,
      tenantId,
      roleHint:
        `it needs the User Administrator role in the client tenant ${tenantId}, and a sign-in there: ` +
        `az login --tenant ${tenantId} --allow-no-subscriptions`,
    };
  }
  const local = await readStack(path.resolve(around.root, where.stackFile));
  const external = local.info.entra?.external;
  if (!external?.graphClient || !external.graphUrl) {
    throw new TargetError(`${where.stackFile} has no entra.external: restart the local stack (npm start).`);
  }
  return {
    directory: graphClientDirectory({
      app: localDirectoryAdminApp(local),
      // stack.json names Graph's versioned root; the adapter adds `/v1.0` itself.
      graphBaseUrl: external.graphUrl.replace(/\/v1\.0\/?$/, ''),
      identityIssuer: external.tenantId,
      fetch: devCaFetch(local.ca),
    }),
    description: `the local Entra ID (tenant ${external.tenantId})`,
    tenantId: external.tenantId,
  };
}
