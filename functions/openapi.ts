/**
 * `GET /api/openapi.json`: the OpenAPI document of every route, built from the functions' own schemas.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getDeps } from '../shared/deps.js';
import { edge } from '../shared/http/handler.js';
import { buildOpenApi, type RouteDoc } from '../shared/http/openapi.js';
import { jsonResponse } from '../shared/http/respond.js';
import { healthRoute } from './health.js';
import { invitationBatchRoute } from './invitation-batch.js';
import { getInvitationRoute } from './invitation-get.js';
import { resendInvitationRoute } from './invitation-resend.js';
import { revokeInvitationRoute } from './invitation-revoke.js';
import { listInvitationsRoute } from './invitations-list.js';
import { inviteUserRoutes } from './invite-user.js';

export const routes: RouteDoc[] = [
  healthRoute,
  ...inviteUserRoutes,
  listInvitationsRoute,
  getInvitationRoute,
  resendInvitationRoute,
  revokeInvitationRoute,
  invitationBatchRoute,
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
