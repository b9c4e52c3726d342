/**
 * The Microsoft Graph subset the service uses, at /v1.0/users…: find by `$filter`, get, create, patch,
 * revokeSignInSessions, delete. The tenant is the bearer token's `tid`; the token must be one this server
 * signed for Graph and carry the permission Graph documents for each call (app `roles`, or delegated `scp`),
 * least privileged first: reading users `User.Read.All`, creating them `User.ReadWrite.All`, a password
 * `User-PasswordProfile.ReadWrite.All` plus the User Administrator directory role, sign-in names
 * `User.ManageIdentities.All`, revoking sessions `User.RevokeSessions.All`, deleting a user `User.ReadWrite.All`. Advanced queries (`ne`, `not`,
 * `endsWith`, `$count`, `$search`) need `ConsistencyLevel: eventual`, as in Graph.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import type { TenantSpec } from './directory.js';
import { GraphError } from './errors.js';
import { compileFilter, defaultEquality, type Equality, filterShape } from './graph-filter.js';
import { project, readUserBody, sameIssuer, toGraphUser, type UserChanges } from './graph-users.js';
import { readJson, sendEmpty, sendJson } from './http.js';
import { GRAPH_RESOURCE } from './tenants.js';
import type { DirectoryUser } from './users.js';

// Each list: Graph's least privileged permission for the call, then the higher ones its permission table lists.
const READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
// Deleting a user: `User.ReadWrite.All`, Graph lists no other (https://learn.microsoft.com/graph/api/user-delete).
const DELETE = WRITE;
const ENABLE = ['User.EnableDisableAccount.All', ...WRITE];
const PASSWORD = ['User-PasswordProfile.ReadWrite.All', ...WRITE];
const IDENTITIES = ['User.ManageIdentities.All'];
const REVOKE = ['User.RevokeSessions.All'];
/** Directory roles that may set another user's password (app-only calls need one besides the permission). */
const PASSWORD_ROLES = ['User Administrator', 'Privileged Authentication Administrator', 'Global Administrator'];
const CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#users';

export interface Caller {
  tenant: TenantSpec;
  permissions: Set<string>;
  /** App-only token: the directory roles of the calling app's service principal. */
  appRoles?: Set<string>;
}

export async function authenticate(ctx: EntraContext, req: IncomingMessage): Promise<Caller> {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  if (!token) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await ctx.keys.verify(token, {
      audience: [GRAPH_RESOURCE, '00000003-0000-0000-c000-000000000000'],
    }));
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw new GraphError(
      401,
      'InvalidAuthenticationToken',
      expired ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure.',
    );
  }
  const tenant = typeof payload.tid === 'string' ? ctx.directory.tenant(payload.tid) : undefined;
  if (!tenant || payload.tid !== tenant.id || payload.iss !== ctx.issuer(tenant.id)) {
    throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.');
  }
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
  const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
  const caller: Caller = { tenant, permissions: new Set([...roles, ...scopes]) };
  if (scopes.length === 0 && typeof payload.azp === 'string') {
    caller.appRoles = new Set(ctx.directory.app(tenant, payload.azp)?.directoryRoles ?? []);
  }
  return caller;
}

export function denied(): GraphError {
  return new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

export function requirePermission(caller: Caller, allowed: string[]): void {
  if (!allowed.some((p) => caller.permissions.has(p))) throw denied();
}

export function notFound(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export async function graph(ctx: EntraContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent).slice(1);
  const method = req.method ?? 'GET';
  if (segments[0] !== 'users' || segments.length > 3) {
    throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${segments[0] ?? ''}'.`);
  }
  const caller = await authenticate(ctx, req);
  const [, id, action] = segments;
  if (id === undefined) {
    if (method === 'GET') return listUsers(ctx, caller, req, res, url);
    if (method === 'POST') return createUser(ctx, caller, req, res);
  } else if (action === undefined) {
    const user = ctx.users.get(caller.tenant.id, id);
    if (method === 'GET') {
      requirePermission(caller, READ);
      if (!user) throw notFound(id);
      return sendJson(res, 200, {
        '@odata.context': `${CONTEXT}/$entity`,
        ...project(toGraphUser(user), url.searchParams.get('$select')),
      });
    }
    if (method === 'PATCH') return patchUser(ctx, caller, req, res, id, user);
    if (method === 'DELETE') {
      requirePermission(caller, DELETE);
      if (!user) throw notFound(id);
      await ctx.users.delete(user);
      ctx.log(`graph: user ${user.id} deleted`);
      return sendEmpty(res, 204);
    }
  } else if (action === 'revokeSignInSessions' && method === 'POST') {
    requirePermission(caller, REVOKE);
    const user = ctx.users.get(caller.tenant.id, id);
    if (!user) throw notFound(id);
    await ctx.users.revokeSessions(user);
    ctx.log(`graph: sign-in sessions of user ${user.id} revoked`);
    return sendJson(res, 200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean',
      value: true,
    });
  } else {
    throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${action}'.`);
  }
  throw new GraphError(405, 'Request_BadRequest', `The method ${method} is not allowed on this resource.`);
}

/** Graph's answer to an advanced query sent without its parameters. */
function advancedQueryRefused(what: string): GraphError {
  return new GraphError(
    400,
    'Request_UnsupportedQuery',
    `${what} is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
  );
}

function listUsers(ctx: EntraContext, caller: Caller, req: IncomingMessage, res: ServerResponse, url: URL): void {
  requirePermission(caller, READ);
  const q = url.searchParams;
  const eventual = String(req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
  const counted = q.get('$count')?.toLowerCase() === 'true';
  if (q.has('$search') && !eventual) throw advancedQueryRefused("Query option '$search'");
  if (q.has('$count') && !eventual) throw advancedQueryRefused("Query option '$count'");
  for (const option of ['$search', '$expand', '$skip']) {
    if (q.has(option)) throw new GraphError(400, 'BadRequest', `Query option '${option}' is not supported locally.`);
  }
  const equality: Equality = (property, left, right) =>
    property.toLowerCase() === 'issuer'
      ? sameIssuer(caller.tenant, left, right)
      : defaultEquality(property, left, right);
  const filter = q.get('$filter');
  if (filter) {
    const shape = filterShape(filter);
    const operator = shape.advanced[0];
    if (operator && !(eventual && counted)) throw advancedQueryRefused(`Operator '${operator}'`);
    if (shape.identitiesWithoutIssuer) {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        "Unsupported filter on 'identities': both issuer and issuerAssignedId must be supplied.",
      );
    }
  }
  const matches = filter ? compileFilter(filter, equality) : () => true;
  const top = q.has('$top') ? Number(q.get('$top')) : 100;
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      'Invalid page size specified: $top must be between 1 and 999.',
    );
  }
  const skip = Number(q.get('$skiptoken') ?? '0') || 0;
  const all = ctx.users
    .list(caller.tenant.id)
    .map(toGraphUser)
    .filter((u) => matches(u));
  const page = all.slice(skip, skip + top).map((u) => project(u, q.get('$select')));
  const body: Record<string, unknown> = {
    '@odata.context': CONTEXT,
    ...(counted && { '@odata.count': all.length }),
    value: page,
  };
  if (skip + top < all.length) {
    const next = new URL(url);
    next.searchParams.set('$skiptoken', String(skip + top));
    body['@odata.nextLink'] = next.toString();
  }
  sendJson(res, 200, body);
}

/** Every sign-in name a change would give the user must be free in the tenant (emails are case-insensitive). */
function assertUnique(ctx: EntraContext, tenant: TenantSpec, changes: UserChanges, self?: DirectoryUser): void {
  const names = [...(changes.identities ?? []).map((i) => i.issuerAssignedId), ...(changes.mail ? [changes.mail] : [])];
  for (const name of names) {
    const other = ctx.users.findBySignInName(tenant.id, name);
    if (other && other !== self) {
      throw new GraphError(
        400,
        'Request_BadRequest',
        'Another object with the same value for property identities already exists.',
      );
    }
  }
  const upnOwner = changes.userPrincipalName ? ctx.users.get(tenant.id, changes.userPrincipalName) : undefined;
  if (upnOwner && upnOwner !== self) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      'Another object with the same value for property userPrincipalName already exists.',
    );
  }
}

/** A sign-in name of the tenant's own (not a federated one): an email or a user name. */
const isLocal = (identity: { signInType: string }) =>
  identity.signInType.startsWith('emailAddress') || identity.signInType === 'userName';

/**
 * Entra adds no local sign-in to a user that has none (one that signs in through Google only): Graph's user-update
 * page says a local account identity may be added only to a user that already holds one
 * (https://learn.microsoft.com/graph/api/user-update, docs/decisions.md).
 */
function assertNoLocalSignInAdded(user: DirectoryUser, changes: UserChanges): void {
  if (!changes.identities || user.identities.some(isLocal) || !changes.identities.some(isLocal)) return;
  throw new GraphError(
    400,
    'Request_BadRequest',
    'Adding a local account identity to a user without one is not supported.',
  );
}

async function createUser(ctx: EntraContext, caller: Caller, req: IncomingMessage, res: ServerResponse) {
  requirePermission(caller, WRITE);
  const changes = readUserBody(await readJson(req), true);
  assertUnique(ctx, caller.tenant, changes);
  const { password, ...fields } = changes;
  const user = await ctx.users.create(caller.tenant, {
    ...fields,
    displayName: changes.displayName ?? '',
    // An admin creating a local account vouches for its address: Entra treats it as the sign-in email.
    emailVerified: true,
    password: password ?? '',
  });
  ctx.log(`graph: user ${user.id} created in tenant ${caller.tenant.id}`);
  sendJson(
    res,
    201,
    { '@odata.context': `${CONTEXT}/$entity`, ...toGraphUser(user) },
    {
      location: `${ctx.baseUrl()}/v1.0/users/${user.id}`,
    },
  );
}

/** Each property changed needs its own permission; a password also needs a directory role for app-only calls. */
function requirePatchPermissions(caller: Caller, changes: UserChanges): void {
  const { password, forceChangePasswordNextSignIn, identities, accountEnabled, ...others } = changes;
  if (password !== undefined || forceChangePasswordNextSignIn !== undefined) {
    requirePermission(caller, PASSWORD);
    if (caller.appRoles && !PASSWORD_ROLES.some((r) => caller.appRoles?.has(r))) throw denied();
  }
  if (identities !== undefined) requirePermission(caller, IDENTITIES);
  if (accountEnabled !== undefined) requirePermission(caller, ENABLE);
  if (Object.keys(others).length > 0) requirePermission(caller, WRITE);
}

async function patchUser(
  ctx: EntraContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  user: DirectoryUser | undefined,
) {
  const changes = readUserBody(await readJson(req), false);
  requirePatchPermissions(caller, changes);
  if (!user) throw notFound(id);
  assertUnique(ctx, caller.tenant, changes, user);
  assertNoLocalSignInAdded(user, changes);
  const { password, ...fields } = changes;
  if (password !== undefined) {
    // A password set by an admin ends the sessions and refresh tokens the old one opened, as in Entra.
    await ctx.users.update(user, { ...fields, password, sessionsRevokedAt: ctx.now() });
  } else {
    await ctx.users.update(user, fields);
  }
  ctx.log(`graph: user ${user.id} updated (${Object.keys(changes).join(', ') || 'nothing'})`);
  sendEmpty(res, 204);
}
