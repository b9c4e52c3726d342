/** The OpenAPI description of turning a client's two-step verification off (docs/two-step-help.md). */
import { z } from 'zod';
import { clientSheetSchema } from '../client-schema.js';
import { callerProblems, problem, type RouteDoc } from '../openapi.js';
import { twoStepDisableRequestSchema } from '../two-step-schema.js';

const clientId = z.object({ id: z.uuid().describe('The client id') });
const idempotencyKey = z.object({
  'Idempotency-Key': z
    .string()
    .optional()
    .describe('1 to 255 visible ASCII characters (e.g. a UUID): a replay within 24 h gets the first answer again'),
});

export const twoStepRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/clients/{id}/two-step/disable',
    operationId: 'disableClientTwoStep',
    summary: 'Turn off two-step verification on a client\u2019s account (they lost their authenticator app)',
    description:
      'The client then signs in with their password alone, and is told by email. The file keeps who turned it off, ' +
      'when, and the reason given. `two-step-off` when it was not on; `no-account` before the client has signed in.',
    tags: ['clients'],
    roles: ['Clients.Manage'],
    parameters: { path: clientId, header: idempotencyKey },
    request: { contentType: 'application/json', schema: twoStepDisableRequestSchema },
    responses: {
      '200': { description: 'The client sheet', schema: clientSheetSchema },
      '400': problem('Invalid reason, malformed JSON, or Idempotency-Key'),
      ...callerProblems,
      '404': problem('No such client for this provider'),
      '409': problem('`two-step-off`, `no-account`, the file keeps changing, or a request with this key still runs'),
      '413': problem('Body too large'),
      '415': problem('Not JSON'),
      '422': problem('Idempotency-Key reused for another request'),
    },
  },
];
