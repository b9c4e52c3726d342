/**
 * `GET /api/openapi.json`: the OpenAPI document of every route, built from the functions' own schemas.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getDeps } from '../shared/deps.js';
import { edge } from '../shared/http/handler.js';
import { buildOpenApi, type RouteDoc } from '../shared/http/openapi.js';
import { jsonResponse } from '../shared/http/respond.js';
import { healthRoute } from './health.js';
import { invitationBatchRoute } from './get-invitation-batch.js';
import { getInvitationRoute } from './get-invitation.js';
import { resendInvitationRoute } from './resend-invitation.js';
import { revokeInvitationRoute } from './revoke-invitation.js';
import { listInvitationsRoute } from './list-invitations.js';
import { inviteUserRoutes } from './invite-user.js';

const html = (description: string) => ({ description, contentType: 'text/html' });

/** The browser side of onboarding and sign-in: pages and redirects, described for completeness. */
const browserRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/AcceptInvitation',
    operationId: 'acceptInvitation',
    summary: 'The landing page form (invitationId, key, lang): 303 to the Entra sign-in (sign-up for a new email)',
    tags: ['onboarding'],
    responses: {
      '303': { description: 'To Entra /authorize' },
      '403': html('Cross-site post'),
      '404': html('Invalid link'),
    },
  },
  {
    method: 'get',
    path: '/AcceptInvitation/callback',
    operationId: 'acceptInvitationCallback',
    summary: "Entra's redirect: verifies the sign-in and accepts the invitation once",
    tags: ['onboarding'],
    responses: {
      '303': { description: 'To /api/CreateCompany, with the session cookie' },
      '400': html('Missing, replayed or foreign state'),
      '403': html('Another account than the invited one (offers to sign in as the invited address)'),
      '410': html('Expired or revoked invitation'),
    },
  },
  {
    method: 'get',
    path: '/CreateCompany',
    operationId: 'createCompanyForm',
    summary: 'The prefilled company form',
    tags: ['onboarding'],
    responses: { '200': html('The form'), '401': html('No session') },
  },
  {
    method: 'post',
    path: '/CreateCompany',
    operationId: 'createCompany',
    summary: 'Creates the company (idempotent) and completes the invitation; session + CSRF token',
    tags: ['onboarding'],
    responses: {
      '303': { description: 'To /api/Welcome' },
      '400': { description: 'Invalid fields: the form again, or problem+json for Accept: application/json' },
      '403': html('Cross-site post or wrong CSRF token'),
    },
  },
  {
    method: 'get',
    path: '/Welcome',
    operationId: 'welcome',
    summary: "The client's home",
    tags: ['onboarding'],
    responses: { '200': html('Welcome') },
  },
  {
    method: 'get',
    path: '/SignIn',
    operationId: 'signIn',
    summary:
      'Sign in again (`client`, `societe` as in seed 003): 303 to Entra, then home, the picker or why access is refused',
    tags: ['sign-in'],
    responses: { '303': { description: 'To Entra /authorize' } },
  },
  {
    method: 'post',
    path: '/SignOut',
    operationId: 'signOut',
    summary: 'Ends the session (CSRF token)',
    tags: ['sign-in'],
    responses: { '200': html('Signed out') },
  },
];

export const routes: RouteDoc[] = [
  healthRoute,
  ...inviteUserRoutes,
  listInvitationsRoute,
  getInvitationRoute,
  resendInvitationRoute,
  revokeInvitationRoute,
  invitationBatchRoute,
  ...browserRoutes,
];

export async function openApiHandler(
  _request: HttpRequest,
  _context: InvocationContext,
  deps: { publicBaseUrl: string },
): Promise<HttpResponseInit> {
  const document = buildOpenApi(routes, {
    title: 'Client onboarding API',
    version: '1',
    serverUrl: `${deps.publicBaseUrl}/api`,
  });
  return jsonResponse(200, document, { 'Cache-Control': 'public, max-age=300' });
}

azf.app.http('OpenApi', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'openapi.json',
  handler: edge(openApiHandler, () => ({ publicBaseUrl: getDeps().settings.PUBLIC_BASE_URL })),
});
