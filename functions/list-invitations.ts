/** `GET /api/invitations?status=&email=&cursor=&limit=`: the provider's invitations, newest first. */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { listInvitations } from '../shared/domain/use-cases/manage-invitations.js';
import { edge } from '../shared/http/handler.js';
import { callerProblems, problem, type RouteDoc } from '../shared/http/openapi.js';
import { actingProfessional } from '../shared/http/professional.js';
import { parseWith } from '../shared/http/request.js';
import { jsonResponse } from '../shared/http/respond.js';
import { type InvitationManagementDeps, managementDeps, toJson } from './invitation-management.js';
import { emailField, invitationSchema as invitation } from './invitation-schema.js';

export const listQuerySchema = z
  .object({
    status: z.enum(['pending', 'accepted', 'completed', 'expired', 'revoked']).optional(),
    email: emailField.optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export async function listInvitationsHandler(
  request: HttpRequest,
  _context: InvocationContext,
  deps: InvitationManagementDeps,
): Promise<HttpResponseInit> {
  const professional = await actingProfessional(request, deps.auth, 'Invitations.Send');
  const query = parseWith(listQuerySchema, Object.fromEntries(request.query.entries()));
  const page = await listInvitations(deps.invitations, professional, query);
  return jsonResponse(200, { items: page.items.map((i) => toJson(deps, i)), nextCursor: page.nextCursor ?? null });
}

export const listInvitationsRoute: RouteDoc = {
  method: 'get',
  path: '/invitations',
  operationId: 'listInvitations',
  summary: "The provider's invitations, newest first (`status`, `email`, `cursor`, `limit` ≤ 100)",
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  responses: {
    '200': {
      description: '`{ items, nextCursor }`',
      schema: z.object({ items: z.array(invitation), nextCursor: z.string().nullable() }),
    },
    '400': problem('Invalid filter'),
    ...callerProblems,
  },
};

azf.app.http('ListInvitations', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'invitations',
  handler: edge(listInvitationsHandler, managementDeps),
});
