/**
 * Graph's External ID set-up calls under `/identity`, each with its least privileged permission:
 *
 * - identity providers (`/identity/identityProviders`): reading `IdentityProvider.Read.All`, creating or updating
 *   a `socialIdentityProvider` (Google: its OAuth client id and secret) `IdentityProvider.ReadWrite.All`; the secret
 *   is write-only (a read shows `******`), and the local Entra does not keep it at all;
 * - user flows (`/identity/authenticationEventsFlows`, type `externalUsersSelfServiceSignUpEventsFlow`): reading
 *   `EventListener.Read.All`, creating one, linking an app (`…/conditions/applications/includeApplications`) and
 *   adding an identity provider (`…/onAuthenticationMethodLoadStart/…/identityProviders/$ref`)
 *   `EventListener.ReadWrite.All`.
 *
 * An app linked to a flow that allows sign-up may create accounts (`prompt=create`); one whose flow offers Google shows
 * "Sign in with Google" on the sign-in page (`registrations.ts` builds both from these records).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import { GraphError } from './errors.js';
import { type Caller, notFound, requirePermission } from './graph.js';
import { badRequest, invalidValue, readObject, sendCollection, stringOf } from './graph-applications.js';
import { sendEmpty, sendJson } from './http.js';
import {
  BUILT_IN_PROVIDERS,
  type EventsFlow,
  GOOGLE_PROVIDER_ID,
  type IdentityProviderRecord,
} from './registrations.js';

const IDP_READ = ['IdentityProvider.Read.All', 'IdentityProvider.ReadWrite.All'];
const IDP_WRITE = ['IdentityProvider.ReadWrite.All'];
const FLOW_READ = ['EventListener.Read.All', 'EventListener.ReadWrite.All'];
const FLOW_WRITE = ['EventListener.ReadWrite.All'];
const GRAPH_V1 = 'https://graph.microsoft.com/v1.0/$metadata';
const FLOW_TYPE = '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow';
const SOCIAL_TYPE = '#microsoft.graph.socialIdentityProvider';
/** The social providers an external tenant federates with through `socialIdentityProvider` (Apple has its own type). */
const SOCIAL_PROVIDERS: Record<string, string> = { Google: GOOGLE_PROVIDER_ID, Facebook: 'Facebook-OAUTH' };
const FLOW_PROVIDER_SEGMENTS = [
  'microsoft.graph.externalUsersSelfServiceSignUpEventsFlow',
  'onAuthenticationMethodLoadStart',
  'microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp',
  'identityProviders',
];

const lower = (s: string) => s.toLowerCase();

function providerView(record: IdentityProviderRecord): Record<string, unknown> {
  return {
    '@odata.type': SOCIAL_TYPE,
    id: record.id,
    displayName: record.displayName,
    identityProviderType: record.identityProviderType,
    clientId: record.clientId,
    clientSecret: '******',
  };
}

function providersOf(ctx: EntraContext, tenantId: string): Array<Record<string, unknown>> {
  const builtIn = BUILT_IN_PROVIDERS.map((p) => ({ '@odata.type': '#microsoft.graph.builtInIdentityProvider', ...p }));
  return [...builtIn, ...ctx.registrations.of(tenantId).identityProviders.map(providerView)];
}

function flowView(flow: EventsFlow): Record<string, unknown> {
  return {
    '@odata.type': FLOW_TYPE,
    id: flow.id,
    displayName: flow.displayName,
    description: flow.description,
    priority: flow.priority,
    // Graph returns the linked apps and providers as their own collections, not inline.
    conditions: { applications: { includeAllApplications: false } },
    onInteractiveAuthFlowStart: {
      '@odata.type': '#microsoft.graph.onInteractiveAuthFlowStartExternalUsersSelfServiceSignUp',
      isSignUpAllowed: flow.isSignUpAllowed,
    },
    onAuthenticationMethodLoadStart: {
      '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp',
    },
    onAttributeCollection: flow.onAttributeCollection ?? null,
  };
}

export async function identity(
  ctx: EntraContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string[],
): Promise<void> {
  const [, collection, ...rest] = path;
  if (collection === 'identityProviders') return identityProviders(ctx, caller, req, res, url, rest);
  if (collection === 'authenticationEventsFlows') return flows(ctx, caller, req, res, url, rest);
  throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${collection ?? 'identity'}'.`);
}

async function identityProviders(
  ctx: EntraContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rest: string[],
): Promise<void> {
  const tenantId = caller.tenant.id;
  const method = req.method ?? 'GET';
  const data = ctx.registrations.of(tenantId);
  const [id, more] = rest;
  if (more !== undefined)
    throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${more}'.`);
  if (id === undefined && method === 'GET') {
    requirePermission(caller, IDP_READ);
    return sendCollection(res, url, 'identity/identityProviders', providersOf(ctx, tenantId));
  }
  if (id === undefined && method === 'POST') {
    requirePermission(caller, IDP_WRITE);
    const body = await readObject(req, 'socialIdentityProvider', [
      'displayName',
      'identityProviderType',
      'clientId',
      'clientSecret',
    ]);
    if (body['@odata.type'] !== SOCIAL_TYPE && body['@odata.type'] !== SOCIAL_TYPE.slice(1)) {
      throw badRequest(`The '@odata.type' must be '${SOCIAL_TYPE}'.`, 'BadRequest');
    }
    const displayName = stringOf(body, 'displayName', 'SocialIdentityProvider', true) as string;
    const type = stringOf(body, 'identityProviderType', 'SocialIdentityProvider', true) as string;
    const clientId = stringOf(body, 'clientId', 'SocialIdentityProvider', true) as string;
    stringOf(body, 'clientSecret', 'SocialIdentityProvider', true);
    const providerId = SOCIAL_PROVIDERS[type];
    if (!providerId) throw invalidValue('identityProviderType', 'SocialIdentityProvider');
    if (data.identityProviders.some((p) => p.id === providerId)) {
      throw badRequest(`An identity provider of type '${type}' already exists in this tenant.`, 'AADB2C99002');
    }
    const record: IdentityProviderRecord = { id: providerId, displayName, identityProviderType: type, clientId };
    data.identityProviders.push(record);
    await ctx.registrations.save();
    ctx.log(`graph: identity provider ${providerId} added in tenant ${tenantId}`);
    return sendJson(res, 201, {
      '@odata.context': `${GRAPH_V1}#identity/identityProviders/$entity`,
      ...providerView(record),
    });
  }
  if (id === undefined)
    throw new GraphError(405, 'Request_BadRequest', `The method ${method} is not allowed on this resource.`);
  const record = data.identityProviders.find((p) => lower(p.id) === lower(id));
  const builtIn = providersOf(ctx, tenantId).find((p) => lower(String(p.id)) === lower(id));
  if (method === 'GET') {
    requirePermission(caller, IDP_READ);
    if (!builtIn) throw notFound(id);
    return sendJson(res, 200, { '@odata.context': `${GRAPH_V1}#identity/identityProviders/$entity`, ...builtIn });
  }
  if (method === 'PATCH') {
    requirePermission(caller, IDP_WRITE);
    const body = await readObject(req, 'socialIdentityProvider', ['displayName', 'clientId', 'clientSecret']);
    if (!record) throw notFound(id);
    const displayName = stringOf(body, 'displayName', 'SocialIdentityProvider');
    const clientId = stringOf(body, 'clientId', 'SocialIdentityProvider');
    stringOf(body, 'clientSecret', 'SocialIdentityProvider');
    if (displayName !== undefined) record.displayName = displayName;
    if (clientId !== undefined) record.clientId = clientId;
    await ctx.registrations.save();
    ctx.log(`graph: identity provider ${record.id} updated (${Object.keys(body).join(', ') || 'nothing'})`);
    return sendEmpty(res, 204);
  }
  throw new GraphError(405, 'Request_BadRequest', `The method ${method} is not allowed on this resource.`);
}

function flowBody(ctx: EntraContext, tenantId: string, body: Record<string, unknown>, id: string): EventsFlow {
  if (body['@odata.type'] !== FLOW_TYPE && body['@odata.type'] !== FLOW_TYPE.slice(1)) {
    throw badRequest(
      `The '@odata.type' of an authentication events flow must be '${FLOW_TYPE}': only that type can be created.`,
      'BadRequest',
    );
  }
  const data = ctx.registrations.of(tenantId);
  const displayName = stringOf(body, 'displayName', 'AuthenticationEventsFlow', true) as string;
  if (data.flows.some((f) => lower(f.displayName) === lower(displayName))) {
    throw badRequest(`A user flow named '${displayName}' already exists.`);
  }
  const priority = body.priority ?? 500;
  if (typeof priority !== 'number' || !Number.isInteger(priority))
    throw invalidValue('priority', 'AuthenticationEventsFlow');
  const start = (body.onInteractiveAuthFlowStart ?? {}) as Record<string, unknown>;
  if (typeof start !== 'object' || ('isSignUpAllowed' in start && typeof start.isSignUpAllowed !== 'boolean')) {
    throw invalidValue('onInteractiveAuthFlowStart', 'AuthenticationEventsFlow');
  }
  const load = (body.onAuthenticationMethodLoadStart ?? {}) as { identityProviders?: unknown };
  const providers = load.identityProviders ?? [];
  if (!Array.isArray(providers) || !providers.every((p) => typeof p?.id === 'string')) {
    throw invalidValue('onAuthenticationMethodLoadStart', 'AuthenticationEventsFlow');
  }
  const known = providersOf(ctx, tenantId).map((p) => lower(String(p.id)));
  const missing = providers.find((p: { id: string }) => !known.includes(lower(p.id)));
  if (missing) throw badRequest(`The identity provider '${missing.id}' is not configured in this tenant.`);
  const conditions = (body.conditions ?? {}) as { applications?: { includeApplications?: unknown } };
  const included = conditions.applications?.includeApplications ?? [];
  if (!Array.isArray(included) || !included.every((a) => typeof a?.appId === 'string')) {
    throw invalidValue('conditions', 'AuthenticationEventsFlow');
  }
  for (const { appId } of included as Array<{ appId: string }>) assertLinkable(ctx, tenantId, appId);
  const description = stringOf(body, 'description', 'AuthenticationEventsFlow') ?? null;
  return {
    id,
    displayName,
    description,
    priority,
    includeApplications: (included as Array<{ appId: string }>).map((a) => lower(a.appId)),
    isSignUpAllowed: start.isSignUpAllowed !== false,
    identityProviders: providers.map((p: { id: string }) => canonicalId(ctx, tenantId, p.id)),
    onAttributeCollection: body.onAttributeCollection ?? null,
  };
}

function canonicalId(ctx: EntraContext, tenantId: string, id: string): string {
  return String(providersOf(ctx, tenantId).find((p) => lower(String(p.id)) === lower(id))?.id ?? id);
}

/** An app of the tenant, not linked to another flow yet (an app is in one user flow at most). */
function assertLinkable(ctx: EntraContext, tenantId: string, appId: string, flowId?: string): void {
  const tenant = ctx.directory.tenant(tenantId);
  if (!tenant || !ctx.directory.app(tenant, appId)) {
    throw badRequest(`The application '${appId}' was not found in this tenant.`);
  }
  const other = ctx.registrations
    .of(tenantId)
    .flows.find((f) => f.id !== flowId && f.includeApplications.includes(lower(appId)));
  if (other) throw badRequest(`The application '${appId}' is already linked to the user flow '${other.displayName}'.`);
}

async function flows(
  ctx: EntraContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rest: string[],
): Promise<void> {
  const tenantId = caller.tenant.id;
  const method = req.method ?? 'GET';
  const data = ctx.registrations.of(tenantId);
  const [id, ...sub] = rest;
  if (id === undefined && method === 'GET') {
    requirePermission(caller, FLOW_READ);
    return sendCollection(res, url, 'identity/authenticationEventsFlows', data.flows.map(flowView));
  }
  if (id === undefined && method === 'POST') {
    requirePermission(caller, FLOW_WRITE);
    const body = await readObject(req, 'authenticationEventsFlow', [
      'displayName',
      'description',
      'priority',
      'conditions',
      'onInteractiveAuthFlowStart',
      'onAuthenticationMethodLoadStart',
      'onAttributeCollection',
    ]);
    const flow = flowBody(ctx, tenantId, body, ctx.registrations.newId());
    data.flows.push(flow);
    await ctx.registrations.save();
    ctx.log(`graph: user flow ${flow.id} (${flow.displayName}) created in tenant ${tenantId}`);
    return sendJson(res, 201, {
      '@odata.context': `${GRAPH_V1}#identity/authenticationEventsFlows/$entity`,
      ...flowView(flow),
    });
  }
  if (id === undefined)
    throw new GraphError(405, 'Request_BadRequest', `The method ${method} is not allowed on this resource.`);
  const flow = data.flows.find((f) => f.id === lower(id));
  const joined = sub.join('/');
  if (joined === '' && method === 'GET') {
    requirePermission(caller, FLOW_READ);
    if (!flow) throw notFound(id);
    return sendJson(res, 200, {
      '@odata.context': `${GRAPH_V1}#identity/authenticationEventsFlows/$entity`,
      ...flowView(flow),
    });
  }
  if (joined === 'conditions/applications/includeApplications') {
    if (method === 'GET') {
      requirePermission(caller, FLOW_READ);
      if (!flow) throw notFound(id);
      const apps = flow.includeApplications.map((appId) => ({
        '@odata.type': '#microsoft.graph.authenticationConditionApplication',
        appId,
      }));
      return sendCollection(
        res,
        url,
        `identity/authenticationEventsFlows('${flow.id}')/conditions/applications/includeApplications`,
        apps,
      );
    }
    if (method === 'POST') {
      requirePermission(caller, FLOW_WRITE);
      const body = await readObject(req, 'authenticationConditionApplication', ['appId']);
      if (!flow) throw notFound(id);
      const appId = lower(stringOf(body, 'appId', 'AuthenticationConditionApplication', true) as string);
      assertLinkable(ctx, tenantId, appId, flow.id);
      if (flow.includeApplications.includes(appId))
        throw badRequest(`The application '${appId}' is already linked to this user flow.`);
      flow.includeApplications.push(appId);
      await ctx.registrations.save();
      ctx.log(`graph: application ${appId} linked to user flow ${flow.id}`);
      return sendJson(res, 201, {
        '@odata.context': `${GRAPH_V1}#identity/authenticationEventsFlows('${flow.id}')/conditions/applications/includeApplications/$entity`,
        '@odata.type': '#microsoft.graph.authenticationConditionApplication',
        appId,
      });
    }
  }
  const providerPath = FLOW_PROVIDER_SEGMENTS.join('/');
  if (joined === providerPath && method === 'GET') {
    requirePermission(caller, FLOW_READ);
    if (!flow) throw notFound(id);
    const all = providersOf(ctx, tenantId);
    const list = flow.identityProviders.map((pid) => all.find((p) => p.id === pid)).filter((p) => p !== undefined);
    return sendCollection(res, url, `identity/authenticationEventsFlows('${flow.id}')/${providerPath}`, list);
  }
  if (joined === `${providerPath}/$ref` && method === 'POST') {
    requirePermission(caller, FLOW_WRITE);
    const body = await readObject(req, 'identityProviderBase', ['@odata.id']);
    if (!flow) throw notFound(id);
    const ref = body['@odata.id'];
    const providerId = typeof ref === 'string' ? /\/identityProviders\/([^/?#]+)$/.exec(ref)?.[1] : undefined;
    if (!providerId)
      throw badRequest("The '@odata.id' must name an identity provider: …/identityProviders/{id}.", 'BadRequest');
    const provider = providersOf(ctx, tenantId).find(
      (p) => lower(String(p.id)) === lower(decodeURIComponent(providerId)),
    );
    if (!provider) throw notFound(providerId);
    if (flow.identityProviders.includes(String(provider.id))) {
      throw badRequest(`The identity provider '${provider.id}' is already in this user flow.`);
    }
    flow.identityProviders.push(String(provider.id));
    await ctx.registrations.save();
    ctx.log(`graph: identity provider ${provider.id} added to user flow ${flow.id}`);
    return sendEmpty(res, 204);
  }
  throw new GraphError(404, 'ResourceNotFound', `Resource not found for the segment '${sub[0] ?? id}'.`);
}
