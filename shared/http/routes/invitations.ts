/** The OpenAPI description of the invitation routes of professionals: inviting, and managing invitations. */
import { z } from 'zod';
import { invitationRequestSchema, invitationSchema, resendSchema } from '../invitation-schema.js';
import { callerProblems, problem, type RouteDoc } from '../openapi.js';

export const inviteUserRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/InviteUser',
    operationId: 'inviteUser',
    summary: 'Invite a person (one JSON invitation), or many (`{ invitations: [...] }` or text/csv) as a bulk',
    tags: ['invitations'],
    roles: ['Invitations.Send'],
    request: { contentType: 'application/json', schema: invitationRequestSchema },
    responses: {
      '201': {
        description: 'The invitation (with `acceptUrl` only when `sendEmail` is false)',
        schema: invitationSchema,
      },
      '202': { description: 'Bulk accepted: `{ batchId, accepted, rejected: [{ index, errors }] }`' },
      '400': problem('Invalid fields, one entry per field in `errors`'),
      ...callerProblems,
      '409': problem('`invitation-pending` (with `invitationId`) or `already-client`'),
      '413': problem('Body too large'),
      '415': problem('Neither JSON nor CSV'),
      '422': problem('Idempotency-Key reused for another request'),
    },
  },
  {
    method: 'get',
    path: '/InviteUser',
    operationId: 'invitationLandingPage',
    summary: 'The page of the invitation link (`?invitationId=&key=&lang=`); changes nothing',
    tags: ['invitation link'],
    responses: {
      '200': { description: 'Landing page (or already accepted)', contentType: 'text/html' },
      '404': { description: 'Unknown, wrong key or revoked (one page for all)', contentType: 'text/html' },
      '410': {
        description: 'Expired (with "send me a new link") or replaced by a newer invitation',
        contentType: 'text/html',
      },
    },
  },
];

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
      schema: z.object({ items: z.array(invitationSchema), nextCursor: z.string().nullable() }),
    },
    '400': problem('Invalid filter'),
    ...callerProblems,
  },
};

export const getInvitationRoute: RouteDoc = {
  method: 'get',
  path: '/invitations/{id}',
  operationId: 'getInvitation',
  summary: 'One invitation with its timeline and delivery status',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  responses: {
    '200': { description: 'The invitation with `timeline`', schema: invitationSchema },
    ...callerProblems,
    '404': problem('No such invitation for this provider'),
  },
};

export const resendInvitationRoute: RouteDoc = {
  method: 'post',
  path: '/invitations/{id}/resend',
  operationId: 'resendInvitation',
  summary: 'A new link and email; the old link then says a newer invitation was sent; works on expired invitations',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  request: { contentType: 'application/json', schema: resendSchema },
  responses: {
    '200': { description: 'The invitation', schema: invitationSchema },
    ...callerProblems,
    '404': problem('No such invitation for this provider'),
    '409': problem(
      'Accepted, completed or revoked: cannot be resent; `invitation-pending` (with `invitationId`) when another invitation to the person is pending; `already-client`',
    ),
  },
};

export const revokeInvitationRoute: RouteDoc = {
  method: 'post',
  path: '/invitations/{id}/revoke',
  operationId: 'revokeInvitation',
  summary: 'Revoke an invitation: its link stops working at once',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  responses: {
    '200': { description: 'The invitation, status `revoked`', schema: invitationSchema },
    ...callerProblems,
    '404': problem('No such invitation for this provider'),
    '409': problem('Already accepted or completed'),
  },
};

export const invitationBatchRoute: RouteDoc = {
  method: 'get',
  path: '/invitations/batches/{batchId}',
  operationId: 'getInvitationBatch',
  summary: 'Progress of a bulk: rows invited, refused, emails sent and failed',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  responses: {
    '200': {
      description:
        '`{ batchId, status, total, accepted, rejected, created, refused, delivery: { sent, failed, pending } }`',
    },
    ...callerProblems,
    '404': problem('No such batch for this provider'),
  },
};
