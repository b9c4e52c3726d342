/**
 * `GET /api/openapi.json`: the OpenAPI document of every route, built from the schemas the functions validate with
 * and the routes' descriptions (shared/http/api-document.ts).
 */
import azf from '@azure/functions';
import { type Deps, getDeps } from '../shared/deps.js';
import { apiDocument } from '../shared/http/api-document.js';
import { edge, type Handler } from '../shared/http/handler.js';
import { jsonResponse } from '../shared/http/respond.js';

export const openApiHandler: Handler<Pick<Deps, 'settings'>> = async (_request, _context, deps) =>
  jsonResponse(200, apiDocument(`${deps.settings.PUBLIC_BASE_URL}/api`), { 'Cache-Control': 'public, max-age=300' });

azf.app.http('OpenApi', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'openapi.json',
  handler: edge(openApiHandler, getDeps),
});
