/** The OpenAPI description of block and unblock (`/api/clients/{id}/block|unblock`, docs/access.md). */
import { z } from 'zod';
import { clientAccessRequestSchema } from '../client-access-schema.js';
import { clientSheetSchema } from '../client-schema.js';
import { callerProblems, problem, type RouteDoc } from '../openapi.js';

const clientId = z.object({ id: z.uuid().describe('The client id') });
const idempotencyKey = z.object({
  'Idempotency-Key': z
    .string()
    .optional()
    .describe('1 to 255 visible ASCII characters (e.g. a UUID): a replay within 24 h gets the first answer again'),
});

const accessRoute = (action: 'block' | 'unblock'): RouteDoc => ({
  method: 'post',
  path: `/clients/{id}/${action}`,
  operationId: `${action}Client`,
  summary:
    action === 'block'
      ? 'Block a client at this provider: sign-in, open sessions, the mobile app and its SMS are refused'
      : 'Unblock a client at this provider: access comes back',
  description:
    (action === 'block'
      ? 'The sheet\u2019s `access` becomes `{ status: "blocked", since, by, reason? }`; the client\u2019s next page, ' +
        'sign-in and device call are refused with why (after proof only). A prospect can be blocked: its account, ' +
        'when it accepts an invitation, starts blocked. '
      : 'The sheet\u2019s `access` becomes `{ status: "active", since, by }`; sessions still open go on. ') +
    'Doing it again changes nothing (who and when are kept). A merged client is neither (`client-merged`).',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  parameters: { path: clientId, header: idempotencyKey },
  request: { contentType: 'application/json', schema: clientAccessRequestSchema },
  responses: {
    '200': { description: 'The client sheet', schema: clientSheetSchema },
    '400': problem('Invalid reason, malformed JSON, or Idempotency-Key'),
    ...callerProblems,
    '404': problem('No such client for this provider'),
    '409': problem('`client-merged`, the file keeps changing, or a request with this key still runs'),
    '413': problem('Body too large'),
    '415': problem('Not JSON'),
    '422': problem('Idempotency-Key reused for another request'),
  },
});

export const clientAccessRoutes: RouteDoc[] = [accessRoute('block'), accessRoute('unblock')];
