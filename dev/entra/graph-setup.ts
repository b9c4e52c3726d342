/**
 * The Graph collections of a tenant's set-up (`scripts/tenant.ts`): app registrations, service principals, app role
 * and directory role assignments (`graph-applications.ts`), External ID's user flows and identity providers
 * (`graph-identity.ts`). The caller is authenticated as for the users API (`graph.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import { authenticate } from './graph.js';
import { applications, roleManagement, servicePrincipals } from './graph-applications.js';
import { identity } from './graph-identity.js';

const HANDLERS = { applications, servicePrincipals, roleManagement, identity };

/** True when `/v1.0/<collection>` is one of the set-up collections. */
export function isSetupCollection(collection: string | undefined): boolean {
  return collection !== undefined && Object.hasOwn(HANDLERS, collection);
}

export async function graphSetup(ctx: EntraContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent).slice(1);
  const handler = HANDLERS[path[0] as keyof typeof HANDLERS];
  const caller = await authenticate(ctx, req);
  return handler(ctx, caller, req, res, url, path);
}
