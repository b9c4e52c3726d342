/**
 * `GET /api/openapi.json`: the OpenAPI document of every route, built from the schemas the functions validate with
 * (shared/http/routes/).
 */
import azf from '@azure/functions';
import { type Deps, getDeps } from '../shared/deps.js';
import { edge, type Handler } from '../shared/http/handler.js';
import { buildOpenApi, type RouteDoc } from '../shared/http/openapi.js';
import { jsonResponse } from '../shared/http/respond.js';
import { healthRoute } from '../shared/http/routes/health.js';
import {
  getInvitationRoute,
  invitationBatchRoute,
  inviteUserRoutes,
  listInvitationsRoute,
  resendInvitationRoute,
  revokeInvitationRoute,
} from '../shared/http/routes/invitations.js';
import { pageRoutes } from '../shared/http/routes/pages.js';

const routes: RouteDoc[] = [
  healthRoute,
  ...inviteUserRoutes,
  listInvitationsRoute,
  getInvitationRoute,
  resendInvitationRoute,
  revokeInvitationRoute,
  invitationBatchRoute,
  ...pageRoutes,
];

export const openApiHandler: Handler<Pick<Deps, 'settings'>> = async (_request, _context, deps) => {
  const document = buildOpenApi(routes, {
    title: 'Client onboarding API',
    version: '1',
    serverUrl: `${deps.settings.PUBLIC_BASE_URL}/api`,
  });
  return jsonResponse(200, document, { 'Cache-Control': 'public, max-age=300' });
};

azf.app.http('OpenApi', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'openapi.json',
  handler: edge(openApiHandler, getDeps),
});
