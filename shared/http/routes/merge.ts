/** The OpenAPI description of merging two client files (`POST /api/clients/{id}/merge`, docs/merge.md). */
import { z } from 'zod';
import { clientSheetSchema } from '../client-schema.js';
import { mergeRequestSchema } from '../merge-schema.js';
import { callerProblems, problem, type RouteDoc } from '../openapi.js';

const clientId = z.object({ id: z.uuid().describe('The client file to merge (the absorbed one)') });

const idempotencyKey = z.object({
  'Idempotency-Key': z
    .string()
    .optional()
    .describe('1 to 255 visible ASCII characters (e.g. a UUID): a replay within 24 h gets the first answer again'),
});

export const mergeClientRoute: RouteDoc = {
  method: 'post',
  path: '/clients/{id}/merge',
  operationId: 'mergeClient',
  summary: 'Merge a client file into another of the provider (seed 004: several contracts, one login)',
  description:
    'The survivor (`into`) keeps the history of both: the absorbed file\u2019s addresses become its secondary ' +
    'addresses (so its invitations show on the survivor\u2019s sheet), and the absorbed login\u2019s companies at ' +
    'this provider become the survivor\u2019s login\u2019s. The absorbed file\u2019s devices are revoked and it ' +
    'becomes `access: { status: merged, since, into }`; its login (another account) loses this provider, and is ' +
    'disabled when no provider still serves it. A merge cut short is finished by the same request again. ' +
    'Refused with `merge-refused` (and a `reason`): `same-file`, `other-provider` (the survivor is not a file of ' +
    'the provider), `already-merged`, `survivor-merged`, `survivor-without-account` (a client who signed in into a ' +
    'prospect: merge the other way).',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  parameters: { path: clientId, header: idempotencyKey },
  request: { contentType: 'application/json', schema: mergeRequestSchema },
  responses: {
    '200': { description: 'The survivor\u2019s client sheet', schema: clientSheetSchema },
    '400': problem('`into` missing or not a UUID, other fields, malformed JSON, or Idempotency-Key'),
    ...callerProblems,
    '404': problem('No such client (the absorbed file) for this provider'),
    '409': problem(
      '`merge-refused` (with its `reason`), the file keeps changing, or a request with this key still runs',
    ),
    '413': problem('Body too large'),
    '415': problem('Not JSON'),
    '422': problem('Idempotency-Key reused for another request'),
    '503': problem('The directory (Graph) or storage cannot be reached: the same request again finishes the merge'),
  },
};

export const mergeRoutes: RouteDoc[] = [mergeClientRoute];
