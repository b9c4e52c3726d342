/** The OpenAPI description of the invitation routes of professionals: inviting, and managing invitations. */
import { z } from 'zod';
import { ROW_NOT_STORED, ROW_REFUSALS } from '../../domain/bulk.js';
import {
  bulkRequestSchema,
  invitationRequestSchema,
  invitationSchema,
  listQuerySchema,
  MAX_BULK,
  resendSchema,
} from '../invitation-schema.js';
import { linkForm } from '../link-form-schema.js';
import { callerProblems, fieldProblemSchema, html, location, problem, type RouteDoc, retryAfter } from '../openapi.js';

const invitationId = z.object({ id: z.uuid().describe('The invitation id') });

const idempotencyKey = z.object({
  'Idempotency-Key': z
    .string()
    .optional()
    .describe('1 to 255 visible ASCII characters (e.g. a UUID): a replay within 24 h gets the first answer again'),
});

/** `POST /api/InviteUser`, bulk: what was accepted now; each accepted row is invited later, chunk by chunk. */
export const bulkAcceptedSchema = z
  .object({
    batchId: z.uuid(),
    accepted: z.number().int().describe('Rows read as invitations; they are invited in the background'),
    rejected: z
      .array(z.object({ index: z.number().int(), errors: z.array(fieldProblemSchema) }))
      .describe('Rows refused now (invalid fields, the same email twice), by index from 0'),
  })
  .meta({ id: 'BulkAccepted' });

/** `GET /api/invitations/batches/{batchId}`: a bulk's progress (shared/domain/bulk.ts `BatchProgress`). */
export const batchProgressSchema = z
  .object({
    batchId: z.uuid(),
    status: z.enum(['processing', 'completed']),
    createdAt: z.iso.datetime(),
    total: z.number().int(),
    accepted: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), errors: z.array(fieldProblemSchema) })),
    created: z.number().int().describe('Invitations created so far'),
    refused: z
      .array(
        z.object({
          index: z.number().int(),
          code: z.enum([...ROW_REFUSALS, ROW_NOT_STORED]),
          invitationId: z.uuid().optional(),
        }),
      )
      .describe('Rows refused as invitations when their chunk ran (a pending invitation, a client already, …)'),
    delivery: z.object({ sent: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
  })
  .meta({ id: 'BatchProgress' });

const csvBody = z
  .string()
  .describe(
    `A header row naming the invitation's fields (dots for nested ones: \`company.name\`), then one invitation per ` +
      `row, at most ${MAX_BULK}; comma or semicolon separated`,
  );

export const inviteUserRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/InviteUser',
    operationId: 'inviteUser',
    summary: 'Invite a person (one JSON invitation), or many (`{ invitations: [...] }` or text/csv) as a bulk',
    description:
      'One invitation answers 201 with the invitation (and `acceptUrl` only when `sendEmail` is false). A bulk ' +
      '(`{ invitations }` or `text/csv`) answers 202 at once with the rows refused now; the others are invited in ' +
      'the background — follow them at `Location`.',
    tags: ['invitations'],
    roles: ['Invitations.Send'],
    parameters: { header: idempotencyKey },
    request: {
      contentType: 'application/json',
      schema: z.union([invitationRequestSchema, bulkRequestSchema]),
      also: [{ contentType: 'text/csv', schema: csvBody }],
    },
    responses: {
      '201': {
        description: 'The invitation (with `acceptUrl` only when `sendEmail` is false)',
        schema: invitationSchema,
        headers: { Location: location('The invitation') },
      },
      '202': {
        description: 'Bulk accepted: its id, the rows accepted, the rows refused now',
        schema: bulkAcceptedSchema,
        headers: { Location: location("The bulk's progress") },
      },
      '400': problem(
        'Invalid fields (one entry per field in `errors`), malformed JSON, a CSV that cannot be read (`validation-failed`, ' +
          'detail "The CSV cannot be read.", one entry at `#` saying where and why; when the problem is one row\'s, ' +
          '`row` names it: 1 is the first row after the header, 0 the header, blank lines not counted — as the ' +
          "console's batch page numbers rows), or Idempotency-Key",
      ),
      ...callerProblems,
      '409': problem(
        '`invitation-pending` (with `invitationId`), `already-client`, or a request with this Idempotency-Key still runs',
      ),
      '413': problem('Body too large'),
      '415': problem('Neither JSON nor CSV, or a CSV `charset` other than UTF-8 or Windows-1252 (`iso-8859-1` is one)'),
      '422': problem('Idempotency-Key reused for another request'),
    },
  },
  ...(['get', 'head'] as const).map((method): RouteDoc => {
    // HEAD answers the same status and headers, without the page.
    const page = (description: string) => (method === 'get' ? html(description) : { description });
    return {
      method,
      path: '/InviteUser',
      operationId: method === 'get' ? 'invitationLandingPage' : 'invitationLandingPageHead',
      summary: `The page of the invitation link${method === 'head' ? ', headers only' : ''}; changes nothing`,
      description:
        'Who invites whom to what, and an "Accept" button (a form posted to `/AcceptInvitation`). It changes ' +
        'nothing, so mail scanners that fetch the link cannot spend or mark the invitation.',
      tags: ['invitation link'],
      parameters: { query: linkForm.partial() },
      responses: {
        '200': page('Landing page (or already accepted, with a sign-in link)'),
        '404': page('Unknown, wrong key or revoked (one page for all)'),
        '410': page('Expired (with "send me a new link") or replaced by a newer invitation'),
      },
    };
  }),
  {
    method: 'post',
    path: '/InviteUser/new-link',
    operationId: 'invitationNewLink',
    summary: 'The expired page\u2019s "send me a new link": a new link to the invited address only',
    description:
      'At most 3 a day per invitation. Any link that is not an expired one (valid, unknown, wrong key, revoked) ' +
      'gets the not-found page. Same-origin form posts only. A link sent answers 303 to the "check your inbox" ' +
      'page (POST/redirect/GET: a reload shows that page again, and sends nothing).',
    tags: ['invitation link'],
    request: { contentType: 'application/x-www-form-urlencoded', schema: linkForm },
    responses: {
      '303': {
        description: 'A new link is on its way: to the "check your inbox" page',
        headers: { Location: location('`/api/InviteUser/new-link?sent=1&lang=fr|en`') },
      },
      '403': html('Cross-site post'),
      '404': html('Not an expired invitation link'),
      '413': html('Form too large'),
      '415': html('Not a form'),
      '429': { ...html('Too many new links today'), headers: { 'Retry-After': retryAfter } },
    },
  },
  {
    method: 'get',
    path: '/InviteUser/new-link',
    operationId: 'invitationNewLinkSent',
    summary: 'The "check your inbox" page after "send me a new link"; reads and sends nothing',
    description:
      'Where the new-link post sends the browser. The same page for everyone: it names no address and says ' +
      'nothing of any invitation, so opening it again (reload, back button) or by anyone reveals and sends nothing.',
    tags: ['invitation link'],
    parameters: {
      query: z.object({
        sent: z.literal('1').describe('Always 1'),
        lang: z.enum(['fr', 'en']).optional().describe('The page\u2019s language'),
      }),
    },
    responses: {
      '200': html('Check your inbox'),
      '404': html('Without `sent=1`: the not-found page of the invitation link'),
    },
  },
];

export const listInvitationsRoute: RouteDoc = {
  method: 'get',
  path: '/invitations',
  operationId: 'listInvitations',
  summary: "The provider's invitations, newest or oldest first (`status`, `email`, dates, `cursor`, `limit` ≤ 100)",
  description:
    'Only the invitations of the provider the professional acts for. Pass `nextCursor` as `cursor` (with the same ' +
    '`order`). The filters narrow the listing server-side (a page may hold fewer than `limit` while `nextCursor` ' +
    'says more may follow); `email` is the whole address, normalized.',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  parameters: { query: listQuerySchema },
  responses: {
    '200': {
      description: 'A page of invitations, and the cursor of the next (null on the last)',
      schema: z.object({ items: z.array(invitationSchema), nextCursor: z.string().nullable() }),
    },
    '400': problem('Invalid filter or cursor'),
    ...callerProblems,
  },
};

export const getInvitationRoute: RouteDoc = {
  method: 'get',
  path: '/invitations/{id}',
  operationId: 'getInvitation',
  summary: 'One invitation with its timeline and delivery status',
  description: 'Another provider\u2019s invitation is not found (404), as an unknown one.',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  parameters: { path: invitationId },
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
  description: 'The body is optional: `expiresInDays` sets the new lifetime (default 7 days).',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  parameters: { path: invitationId, header: idempotencyKey },
  request: { contentType: 'application/json', schema: resendSchema, optional: true },
  responses: {
    '200': { description: 'The invitation', schema: invitationSchema },
    '400': problem('Invalid fields, malformed JSON, or Idempotency-Key'),
    ...callerProblems,
    '404': problem('No such invitation for this provider'),
    '409': problem(
      'Accepted, completed or revoked: cannot be resent; `invitation-pending` (with `invitationId`) when another invitation to the person is pending; `already-client`; or a request with this key still runs',
    ),
    '413': problem('Body too large'),
    '415': problem('Not JSON'),
    '422': problem('Idempotency-Key reused for another request'),
  },
};

export const revokeInvitationRoute: RouteDoc = {
  method: 'post',
  path: '/invitations/{id}/revoke',
  operationId: 'revokeInvitation',
  summary: 'Revoke an invitation: its link stops working at once',
  description: 'The link then shows the not-found page. An accepted or completed invitation cannot be revoked.',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  parameters: { path: invitationId },
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
  description: '`status` is `completed` once every chunk of the bulk has run.',
  tags: ['invitations'],
  roles: ['Invitations.Send'],
  parameters: { path: z.object({ batchId: z.uuid().describe('The bulk id (`batchId` of the 202)') }) },
  responses: {
    '200': { description: 'The bulk\u2019s progress', schema: batchProgressSchema },
    ...callerProblems,
    '404': problem('No such batch for this provider'),
  },
};
