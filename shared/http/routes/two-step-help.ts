/** The OpenAPI description of turning a client's two-step verification off, and of the "No access to the app" page (docs/two-step-help.md). */
import { z } from 'zod';
import { clientSheetSchema } from '../client-schema.js';
import { callerProblems, html, location, problem, type RouteDoc } from '../openapi.js';
import { twoStepDisableRequestSchema } from '../two-step-schema.js';
import { clientsPage, forbidden, form, lang, toSignIn } from './console-parts.js';

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

const consoleClientId = z.object({ clientId: z.string().describe('The client\u2019s id (a UUID)') });
const consoleNotFound = html(
  'No such client for the professional\u2019s provider (another provider\u2019s, or unknown), or the console is not configured',
);

/** The console's "Turn off two-step verification" on the client sheet. */
export const consoleTwoStepRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/console/clients/{clientId}/two-step/disable',
    operationId: 'consoleClientTwoStepDisableForm',
    summary: 'Turn off a client\u2019s two-step verification: its confirmation form (an optional reason)',
    description: 'Says what it does and asks for an optional reason ("Motif" / "Reason"), for professionals only.',
    ...clientsPage,
    parameters: { path: consoleClientId, query: z.object({ lang }) },
    responses: { '200': html('The form'), '303': toSignIn, '403': forbidden, '404': consoleNotFound },
  },
  {
    method: 'post',
    path: '/console/clients/{clientId}/two-step/disable',
    operationId: 'consoleClientTwoStepDisable',
    summary: 'Turns the client\u2019s two-step verification off (the API\u2019s use case)',
    description: '`turnOffTwoStep`, as `POST /api/clients/{id}/two-step/disable`.',
    ...clientsPage,
    parameters: { path: consoleClientId, query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({
        csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form'),
        formToken: z.string().optional().describe('The form\u2019s one-time token (a UUID)'),
        reason: z.string().optional().describe('At most 500 characters'),
      }),
    },
    responses: {
      '303': {
        description: 'Done: to the sheet\u2019s access tab, `?done=two-step-off`',
        headers: { Location: location('The client\u2019s sheet') },
      },
      '400': html('The reason is too long: the form again, saying so'),
      '403': html('Cross-site post, not the session\u2019s CSRF token, no role or provider'),
      '404': consoleNotFound,
      '409': html('Not on, no account yet, or the file kept changing: the form again, saying so'),
      '413': html('Form too large'),
      '415': html('Not a form'),
    },
  },
];
