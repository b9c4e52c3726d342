/**
 * Graph's app registration calls, as the tenant set-up script makes them (`scripts/tenant.ts`), each with the
 * permission Graph's reference lists as least privileged (the caller's token must carry it, or a higher one):
 *
 * - `GET /applications`, `GET /applications/{id}`: `Application.Read.All`; `POST /applications`,
 *   `PATCH /applications/{id}`: `Application.ReadWrite.All`;
 * - `GET /servicePrincipals…`: `Application.Read.All`; `POST /servicePrincipals`: `Application.ReadWrite.All`;
 * - `POST /servicePrincipals/{resource id}/appRoleAssignedTo` (an application permission, admin-consented):
 *   `AppRoleAssignment.ReadWrite.All` and `Application.Read.All` (both); reading assignments `Application.Read.All`;
 * - `GET /roleManagement/directory/roleDefinitions|roleAssignments`: `RoleManagement.Read.Directory`;
 *   `POST /roleManagement/directory/roleAssignments`: `RoleManagement.ReadWrite.Directory`.
 *
 * Bodies are checked as Graph checks them (unknown properties, types, an enabled app role cannot be removed, unique
 * identifier URIs), with Graph's error body. What they write is the registration model of `registrations.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import { GraphError } from './errors.js';
import { type Caller, notFound, requirePermission } from './graph.js';
import { compileFilter } from './graph-filter.js';
import { readJson, sendEmpty, sendJson } from './http.js';
import {
  type AppRole,
  DIRECTORY_ROLES,
  type GraphApplication,
  type GraphServicePrincipal,
  type OptionalClaim,
} from './registrations.js';
import { servicePrincipalId } from './tokens.js';

const APP_READ = ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const APP_WRITE = ['Application.ReadWrite.All'];
const ASSIGN = ['AppRoleAssignment.ReadWrite.All'];
const ROLE_READ = ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All'];
const ROLE_WRITE = ['RoleManagement.ReadWrite.Directory'];
const GRAPH_V1 = 'https://graph.microsoft.com/v1.0/$metadata';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function badRequest(message: string, code = 'Request_BadRequest'): GraphError {
  return new GraphError(400, code, message);
}

/** A JSON object body; properties outside `allowed` are refused as Graph's OData layer refuses them. */
export async function readObject(
  req: IncomingMessage,
  type: string,
  allowed: string[],
): Promise<Record<string, unknown>> {
  const body = await readJson(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  }
  for (const key of Object.keys(body)) {
    if (key !== '@odata.type' && !allowed.includes(key)) {
      throw new GraphError(
        400,
        'BadRequest',
        `The property '${key}' does not exist on type 'microsoft.graph.${type}'. Make sure to only use property names that are defined by the type.`,
      );
    }
  }
  return body as Record<string, unknown>;
}

export function invalidValue(property: string, type: string): GraphError {
  return badRequest(`Invalid value specified for property '${property}' of resource '${type}'.`);
}

export function stringOf(
  body: Record<string, unknown>,
  key: string,
  type: string,
  required = false,
): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw badRequest(`Property '${key}' is required and cannot be empty.`);
    return undefined;
  }
  if (typeof value !== 'string' || (required && value.trim() === '')) throw invalidValue(key, type);
  return value;
}

/** `$filter` (eq, and, or, …) and `$top` over a collection, answered with its `@odata.context`. */
export function sendCollection(res: ServerResponse, url: URL, context: string, items: Array<Record<string, unknown>>) {
  const filter = url.searchParams.get('$filter');
  const matching = filter ? items.filter(compileFilter(filter)) : items;
  const top = url.searchParams.has('$top') ? Number(url.searchParams.get('$top')) : 100;
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw badRequest('Invalid page size specified: $top must be between 1 and 999.', 'Request_UnsupportedQuery');
  }
  sendJson(res, 200, { '@odata.context': `${GRAPH_V1}#${context}`, value: matching.slice(0, top) });
}

function absoluteUri(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

function stringArray(value: unknown, property: string, valid: (item: string) => boolean = () => true): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && valid(v))) {
    throw invalidValue(property, 'Application');
  }
  return value as string[];
}

function appRolesOf(value: unknown): AppRole[] {
  if (!Array.isArray(value)) throw invalidValue('appRoles', 'Application');
  const roles = value.map((raw): AppRole => {
    const role = raw as Partial<AppRole>;
    const members = role.allowedMemberTypes;
    if (
      typeof role !== 'object' ||
      typeof role.id !== 'string' ||
      !GUID.test(role.id) ||
      typeof role.value !== 'string' ||
      !/^[^\s.][^\s]*$/.test(role.value) ||
      typeof role.displayName !== 'string' ||
      !Array.isArray(members) ||
      members.length === 0 ||
      !members.every((m) => m === 'User' || m === 'Application')
    ) {
      throw invalidValue('appRoles', 'Application');
    }
    return {
      id: role.id.toLowerCase(),
      value: role.value,
      displayName: role.displayName,
      description: typeof role.description === 'string' ? role.description : role.displayName,
      allowedMemberTypes: [...members],
      isEnabled: role.isEnabled !== false,
      origin: 'Application',
    };
  });
  const values = roles.map((r) => r.value.toLowerCase());
  if (new Set(values).size !== values.length || new Set(roles.map((r) => r.id)).size !== roles.length) {
    throw badRequest('App roles must have unique ids and values.');
  }
  return roles;
}

function optionalClaimsOf(value: unknown): GraphApplication['optionalClaims'] {
  if (value === null) return null;
  const claims = value as Record<string, unknown>;
  if (typeof claims !== 'object' || Array.isArray(claims)) throw invalidValue('optionalClaims', 'Application');
  const list = (key: string): OptionalClaim[] => {
    const items = claims[key] ?? [];
    if (!Array.isArray(items)) throw invalidValue('optionalClaims', 'Application');
    return items.map((item) => {
      const claim = item as Partial<OptionalClaim>;
      if (typeof claim?.name !== 'string' || claim.name === '') throw invalidValue('optionalClaims', 'Application');
      return {
        name: claim.name,
        source: claim.source ?? null,
        essential: claim.essential === true,
        additionalProperties: Array.isArray(claim.additionalProperties) ? claim.additionalProperties : [],
      };
    });
  };
  return { idToken: list('idToken'), accessToken: list('accessToken'), saml2Token: list('saml2Token') };
}

const APPLICATION_PROPERTIES = [
  'displayName',
  'signInAudience',
  'identifierUris',
  'appRoles',
  'web',
  'api',
  'optionalClaims',
  'requiredResourceAccess',
];

/** Applies a POST or PATCH body to an application (a copy: nothing is written when a property is refused). */
function applyApplicationBody(
  ctx: EntraContext,
  tenantId: string,
  target: GraphApplication,
  body: Record<string, unknown>,
): GraphApplication {
  const next: GraphApplication = structuredClone(target);
  if ('displayName' in body) next.displayName = stringOf(body, 'displayName', 'Application', true) as string;
  if ('signInAudience' in body) {
    const audience = stringOf(body, 'signInAudience', 'Application', true) as string;
    if (
      ![
        'AzureADMyOrg',
        'AzureADMultipleOrgs',
        'AzureADandPersonalMicrosoftAccount',
        'PersonalMicrosoftAccount',
      ].includes(audience)
    ) {
      throw invalidValue('signInAudience', 'Application');
    }
    next.signInAudience = audience;
  }
  if ('identifierUris' in body) {
    next.identifierUris = stringArray(body.identifierUris, 'identifierUris', absoluteUri);
    const others = ctx.registrations.of(tenantId).applications.filter((a) => a.id !== target.id);
    const taken = next.identifierUris.find((uri) =>
      others.some((a) => a.identifierUris.some((u) => u.toLowerCase() === uri.toLowerCase())),
    );
    if (taken) throw badRequest('Another object with the same value for property identifierUris already exists.');
  }
  if ('appRoles' in body) {
    const roles = appRolesOf(body.appRoles);
    // Graph: an enabled role cannot be removed or changed; it must be disabled by a PATCH first.
    for (const old of target.appRoles.filter((r) => r.isEnabled)) {
      const kept = roles.find((r) => r.id === old.id);
      if (!kept || kept.value !== old.value) {
        throw badRequest(
          'Property value cannot be deleted unless it is disabled first.',
          'CannotDeleteOrUpdateEnabledEntitlement',
        );
      }
    }
    next.appRoles = roles;
  }
  if ('web' in body) {
    const web = body.web as Record<string, unknown>;
    if (typeof web !== 'object' || web === null) throw invalidValue('web', 'Application');
    if ('redirectUris' in web) {
      next.web.redirectUris = stringArray(web.redirectUris, 'web', (uri) => {
        if (!absoluteUri(uri)) return false;
        const parsed = new URL(uri);
        return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && parsed.hostname === 'localhost');
      });
    }
    const grant = web.implicitGrantSettings as Record<string, unknown> | undefined;
    if (grant !== undefined) {
      if (typeof grant !== 'object' || grant === null) throw invalidValue('web', 'Application');
      next.web.implicitGrantSettings = {
        enableIdTokenIssuance: grant.enableIdTokenIssuance === true,
        enableAccessTokenIssuance: grant.enableAccessTokenIssuance === true,
      };
    }
  }
  if ('api' in body) {
    const api = body.api as Record<string, unknown>;
    if (typeof api !== 'object' || api === null) throw invalidValue('api', 'Application');
    const version = api.requestedAccessTokenVersion;
    if (version !== undefined && version !== null && version !== 1 && version !== 2) {
      throw invalidValue('api', 'Application');
    }
    if (version !== undefined) next.api.requestedAccessTokenVersion = version;
  }
  if ('optionalClaims' in body) next.optionalClaims = optionalClaimsOf(body.optionalClaims);
  if ('requiredResourceAccess' in body) {
    const list = body.requiredResourceAccess;
    const valid =
      Array.isArray(list) &&
      list.every(
        (r) =>
          typeof r?.resourceAppId === 'string' &&
          Array.isArray(r.resourceAccess) &&
          r.resourceAccess.every(
            (a: { id?: unknown; type?: unknown }) =>
              typeof a?.id === 'string' && GUID.test(a.id) && (a.type === 'Role' || a.type === 'Scope'),
          ),
      );
    if (!valid) throw invalidValue('requiredResourceAccess', 'Application');
    next.requiredResourceAccess = structuredClone(list);
  }
  return next;
}

function findApplication(ctx: EntraContext, tenantId: string, id: string): GraphApplication {
  const app = ctx.registrations.of(tenantId).applications.find((a) => a.id === id.toLowerCase());
  if (!app) throw notFound(id);
  return app;
}

function findServicePrincipal(ctx: EntraContext, tenantId: string, id: string): GraphServicePrincipal {
  const sp = ctx.registrations.servicePrincipals(tenantId).find((s) => s.id === id.toLowerCase());
  if (!sp) throw notFound(id);
  return sp;
}

const withType = (type: string, item: object) => ({ '@odata.type': `#microsoft.graph.${type}`, ...item });

export async function applications(
  ctx: EntraContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string[],
): Promise<void> {
  const tenantId = caller.tenant.id;
  const method = req.method ?? 'GET';
  const [, id, more] = path;
  if (more !== undefined)
    throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${more}'.`);
  const data = ctx.registrations.of(tenantId);
  if (id === undefined && method === 'GET') {
    requirePermission(caller, APP_READ);
    return sendCollection(
      res,
      url,
      'applications',
      data.applications.map((a) => withType('application', a)),
    );
  }
  if (id === undefined && method === 'POST') {
    requirePermission(caller, APP_WRITE);
    const body = await readObject(req, 'application', APPLICATION_PROPERTIES);
    stringOf(body, 'displayName', 'Application', true);
    const blank: GraphApplication = {
      id: randomUUID(),
      appId: randomUUID(),
      displayName: '',
      signInAudience: 'AzureADMyOrg',
      identifierUris: [],
      appRoles: [],
      web: {
        redirectUris: [],
        implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false },
      },
      api: { requestedAccessTokenVersion: null },
      optionalClaims: null,
      requiredResourceAccess: [],
      createdDateTime: ctx.registrations.stamp(),
    };
    const app = applyApplicationBody(ctx, tenantId, blank, body);
    data.applications.push(app);
    await ctx.registrations.save();
    ctx.log(`graph: application ${app.appId} (${app.displayName}) registered in tenant ${tenantId}`);
    return sendJson(res, 201, {
      '@odata.context': `${GRAPH_V1}#applications/$entity`,
      ...withType('application', app),
    });
  }
  if (id !== undefined && method === 'GET') {
    requirePermission(caller, APP_READ);
    const app = findApplication(ctx, tenantId, id);
    return sendJson(res, 200, {
      '@odata.context': `${GRAPH_V1}#applications/$entity`,
      ...withType('application', app),
    });
  }
  if (id !== undefined && method === 'PATCH') {
    requirePermission(caller, APP_WRITE);
    const body = await readObject(req, 'application', APPLICATION_PROPERTIES);
    const app = findApplication(ctx, tenantId, id);
    const next = applyApplicationBody(ctx, tenantId, app, body);
    data.applications[data.applications.indexOf(app)] = next;
    await ctx.registrations.save();
    ctx.log(`graph: application ${app.appId} updated (${Object.keys(body).join(', ') || 'nothing'})`);
    return sendEmpty(res, 204);
  }
  throw new GraphError(405, 'Request_BadRequest', `The method ${method} is not allowed on this resource.`);
}

function assignmentBody(a: object) {
  return withType('appRoleAssignment', { deletedDateTime: null, ...a });
}

export async function servicePrincipals(
  ctx: EntraContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string[],
): Promise<void> {
  const tenantId = caller.tenant.id;
  const method = req.method ?? 'GET';
  const [, id, relation, more] = path;
  const data = ctx.registrations.of(tenantId);
  if (more !== undefined)
    throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${more}'.`);
  if (id === undefined && method === 'GET') {
    requirePermission(caller, APP_READ);
    const all = ctx.registrations.servicePrincipals(tenantId).map((s) => withType('servicePrincipal', s));
    return sendCollection(res, url, 'servicePrincipals', all);
  }
  if (id === undefined && method === 'POST') {
    requirePermission(caller, APP_WRITE);
    const body = await readObject(req, 'servicePrincipal', ['appId', 'accountEnabled', 'tags']);
    const appId = stringOf(body, 'appId', 'ServicePrincipal', true) as string;
    const app = data.applications.find((a) => a.appId === appId.toLowerCase());
    if (!app) {
      throw badRequest(`The appId '${appId}' of the service principal does not reference a valid application object.`);
    }
    if (data.servicePrincipals.some((s) => s.appId === app.appId)) {
      throw new GraphError(
        409,
        'Request_MultipleObjectsWithSameKeyValue',
        'The service principal cannot be created, updated, or restored because the service principal name is already in use.',
      );
    }
    const sp: GraphServicePrincipal = {
      // The id app-only tokens carry as `oid` for this app (tokens.ts).
      id: servicePrincipalId(tenantId, app.appId),
      appId: app.appId,
      displayName: app.displayName,
      servicePrincipalType: 'Application',
      appRoles: app.appRoles,
    };
    data.servicePrincipals.push(sp);
    await ctx.registrations.save();
    ctx.log(`graph: service principal of ${app.appId} created in tenant ${tenantId}`);
    return sendJson(res, 201, {
      '@odata.context': `${GRAPH_V1}#servicePrincipals/$entity`,
      ...withType('servicePrincipal', spView(ctx, tenantId, sp)),
    });
  }
  if (id === undefined)
    throw new GraphError(405, 'Request_BadRequest', `The method ${method} is not allowed on this resource.`);
  const sp = findServicePrincipal(ctx, tenantId, id);
  if (relation === undefined && method === 'GET') {
    requirePermission(caller, APP_READ);
    return sendJson(res, 200, {
      '@odata.context': `${GRAPH_V1}#servicePrincipals/$entity`,
      ...withType('servicePrincipal', spView(ctx, tenantId, sp)),
    });
  }
  if ((relation === 'appRoleAssignedTo' || relation === 'appRoleAssignments') && method === 'GET') {
    requirePermission(caller, APP_READ);
    const list = data.appRoleAssignments.filter((a) =>
      relation === 'appRoleAssignedTo' ? a.resourceId === sp.id : a.principalId === sp.id,
    );
    return sendCollection(res, url, `servicePrincipals('${sp.id}')/${relation}`, list.map(assignmentBody));
  }
  if ((relation === 'appRoleAssignedTo' || relation === 'appRoleAssignments') && method === 'POST') {
    // Graph asks for both: AppRoleAssignment.ReadWrite.All and Application.Read.All (or a higher one of each).
    requirePermission(caller, ASSIGN);
    requirePermission(caller, APP_READ);
    const body = await readObject(req, 'appRoleAssignment', ['principalId', 'resourceId', 'appRoleId']);
    const principalId = (stringOf(body, 'principalId', 'AppRoleAssignment', true) as string).toLowerCase();
    const resourceId = (stringOf(body, 'resourceId', 'AppRoleAssignment', true) as string).toLowerCase();
    const appRoleId = (stringOf(body, 'appRoleId', 'AppRoleAssignment', true) as string).toLowerCase();
    if ((relation === 'appRoleAssignedTo' ? resourceId : principalId) !== sp.id) {
      throw badRequest('The resourceId in the body must be the service principal of the request URL.');
    }
    const principal = ctx.registrations.servicePrincipals(tenantId).find((s) => s.id === principalId);
    const resource = ctx.registrations.servicePrincipals(tenantId).find((s) => s.id === resourceId);
    if (!principal) throw notFound(principalId);
    if (!resource) throw notFound(resourceId);
    if (
      !spView(ctx, tenantId, resource).appRoles.some(
        (r) => r.id === appRoleId && r.allowedMemberTypes.includes('Application'),
      )
    ) {
      throw badRequest('Permission being assigned was not found on application');
    }
    if (
      data.appRoleAssignments.some(
        (a) => a.principalId === principalId && a.resourceId === resourceId && a.appRoleId === appRoleId,
      )
    ) {
      throw badRequest('Permission being assigned already exists on the object');
    }
    const assignment = {
      id: randomUUID(),
      principalId,
      principalType: 'ServicePrincipal' as const,
      principalDisplayName: principal.displayName,
      resourceId,
      resourceDisplayName: resource.displayName,
      appRoleId,
      createdDateTime: ctx.registrations.stamp(),
    };
    data.appRoleAssignments.push(assignment);
    await ctx.registrations.save();
    ctx.log(`graph: app role ${appRoleId} of ${resource.displayName} granted to ${principal.displayName}`);
    return sendJson(res, 201, {
      '@odata.context': `${GRAPH_V1}#servicePrincipals('${sp.id}')/${relation}/$entity`,
      ...assignmentBody(assignment),
    });
  }
  throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${relation ?? id}'.`);
}

/** A service principal shows its application's current app roles. */
function spView(ctx: EntraContext, tenantId: string, sp: GraphServicePrincipal): GraphServicePrincipal {
  const app = ctx.registrations.of(tenantId).applications.find((a) => a.appId === sp.appId);
  return app ? { ...sp, displayName: app.displayName, appRoles: app.appRoles } : sp;
}

export async function roleManagement(
  ctx: EntraContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string[],
): Promise<void> {
  const tenantId = caller.tenant.id;
  const method = req.method ?? 'GET';
  const [, directory, collection, more] = path;
  if (directory !== 'directory' || more !== undefined) {
    throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${directory ?? ''}'.`);
  }
  const data = ctx.registrations.of(tenantId);
  if (collection === 'roleDefinitions' && method === 'GET') {
    requirePermission(caller, ROLE_READ);
    const definitions = Object.entries(DIRECTORY_ROLES).map(([displayName, id]) =>
      withType('unifiedRoleDefinition', { id, templateId: id, displayName, isBuiltIn: true, isEnabled: true }),
    );
    return sendCollection(res, url, 'roleManagement/directory/roleDefinitions', definitions);
  }
  if (collection === 'roleAssignments' && method === 'GET') {
    requirePermission(caller, ROLE_READ);
    const list = data.roleAssignments.map((r) => withType('unifiedRoleAssignment', r));
    return sendCollection(res, url, 'roleManagement/directory/roleAssignments', list);
  }
  if (collection === 'roleAssignments' && method === 'POST') {
    requirePermission(caller, ROLE_WRITE);
    const body = await readObject(req, 'unifiedRoleAssignment', [
      'principalId',
      'roleDefinitionId',
      'directoryScopeId',
    ]);
    const principalId = (stringOf(body, 'principalId', 'UnifiedRoleAssignment', true) as string).toLowerCase();
    const roleDefinitionId = (
      stringOf(body, 'roleDefinitionId', 'UnifiedRoleAssignment', true) as string
    ).toLowerCase();
    const directoryScopeId = stringOf(body, 'directoryScopeId', 'UnifiedRoleAssignment', true) as string;
    if (!Object.values(DIRECTORY_ROLES).includes(roleDefinitionId)) throw notFound(roleDefinitionId);
    if (directoryScopeId !== '/') throw invalidValue('directoryScopeId', 'UnifiedRoleAssignment');
    const principalKnown =
      ctx.registrations.servicePrincipals(tenantId).some((s) => s.id === principalId) ||
      ctx.users.get(tenantId, principalId) !== undefined;
    if (!principalKnown) throw notFound(principalId);
    if (data.roleAssignments.some((r) => r.principalId === principalId && r.roleDefinitionId === roleDefinitionId)) {
      throw badRequest(
        'A conflicting object with one or more of the specified property values is present in the directory.',
      );
    }
    const assignment = { id: randomUUID(), principalId, roleDefinitionId, directoryScopeId };
    data.roleAssignments.push(assignment);
    await ctx.registrations.save();
    ctx.log(`graph: directory role ${roleDefinitionId} assigned to ${principalId} in tenant ${tenantId}`);
    return sendJson(res, 201, {
      '@odata.context': `${GRAPH_V1}#roleManagement/directory/roleAssignments/$entity`,
      ...withType('unifiedRoleAssignment', assignment),
    });
  }
  throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${collection ?? ''}'.`);
}
