/** The OpenAPI description of merging two client files (`POST /api/clients/{id}/merge`, docs/merge.md). */
import { z } from 'zod';
import { clientSheetSchema } from '../client-schema.js';
import { mergeRequestSchema } from '../merge-schema.js';
import { callerProblems, html, location, problem, type RouteDoc } from '../openapi.js';
import { clientsPage, forbidden, form, lang, toSignIn } from './console-parts.js';

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

const consolePaths = z.object({
  clientId: z.string().describe('The client\u2019s id (a UUID): the file to merge, whose sheet offered "Merge"'),
  intoId: z.string().describe('The id (a UUID) of the file that stays'),
});
const notFound = html('No such client for the provider (another provider\u2019s, or unknown), either file: said so');

export const consoleMergeRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/console/clients/{clientId}/merge',
    operationId: 'consoleClientMerge',
    summary: 'Merge a client file: the page to pick the file that stays',
    description:
      'A search as the Clients page\u2019s (`searchClients`: name, email or phone); each other file found leads to ' +
      'the confirmation.',
    ...clientsPage,
    parameters: {
      path: z.object({ clientId: z.string().describe('The client\u2019s id (a UUID)') }),
      query: z.object({ q: z.string().optional().describe('What to look for'), lang }),
    },
    responses: {
      '200': html('The search form, and the files found'),
      '303': toSignIn,
      '400': html('Nothing to look for in `q`: the form says what to type'),
      '403': forbidden,
      '404': notFound,
    },
  },
  {
    method: 'get',
    path: '/console/clients/{clientId}/merge/{intoId}',
    operationId: 'consoleClientMergeConfirm',
    summary: 'Merge a client file into another: the confirmation, or the page after it',
    description:
      'States what happens (the history of both kept in the file that stays, devices revoked, the other login ' +
      'refused and disabled when no provider serves it) and asks to confirm. Once the file is merged into that one, ' +
      'the same address is the page after it (`done` says what became of its login).',
    ...clientsPage,
    parameters: {
      path: consolePaths,
      query: z.object({
        done: z.enum(['disabled', 'kept', 'none']).optional().describe('What became of the merged file\u2019s login'),
        lang,
      }),
    },
    responses: {
      '200': html('Merge these two files? (a form, and a way back) \u2014 or, once merged, the page after it'),
      '303': toSignIn,
      '403': forbidden,
      '404': notFound,
    },
  },
  {
    method: 'post',
    path: '/console/clients/{clientId}/merge/{intoId}',
    operationId: 'consoleClientMergeInto',
    summary: 'Merges the file into the other (the API\u2019s use case)',
    description:
      'The confirmation\u2019s form; `mergeClientFiles` runs it, as `POST /api/clients/{id}/merge`. Posted again ' +
      'once merged: to the page after it.',
    ...clientsPage,
    parameters: { path: consolePaths, query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({ csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form') }),
    },
    responses: {
      '303': {
        description: 'Merged: to the page after it, `?done=disabled|kept|none`',
        headers: { Location: location('The page after the merge') },
      },
      '403': html('Cross-site post, not the session\u2019s CSRF token, no role or provider'),
      '404': notFound,
      '409': html('The merge is refused: the confirmation again, saying why'),
      '413': html('Form too large'),
      '415': html('Not a form'),
    },
  },
];

const releaseRefusals =
  '`release-refused` with its `reason`: `account-in-use` (a provider still serves the login), `not-releasable` ' +
  '(neither merged nor a login of its own), `nothing-to-release` (released already)';

export const releaseEmailRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/clients/{id}/release-email',
    operationId: 'releaseClientEmail',
    summary: 'Release the addresses of a merged file, or of a login no provider serves (seed 004)',
    description:
      'The login (when no provider serves it): its Entra email sign-in and `mail` renamed to ' +
      '`released-<object id>@released.invalid`, the account\u2019s record too; then the file drops its addresses and its ' +
      'history records the release (masked). The person can sign up or be invited again with the address. ' +
      releaseRefusals +
      '.',
    tags: ['clients'],
    roles: ['Clients.Manage'],
    parameters: { path: z.object({ id: z.uuid().describe('The client file whose addresses are released') }) },
    responses: {
      '200': {
        description: 'What was released',
        schema: z
          .object({
            clientId: z.uuid(),
            addresses: z.array(z.string()).describe('The addresses released, masked'),
            account: z.boolean().describe('The login\u2019s Entra sign-in address was freed too'),
          })
          .meta({ id: 'EmailRelease' }),
      },
      ...callerProblems,
      '404': problem('No such client for this provider'),
      '409': problem(`${releaseRefusals}, or \`concurrent-update\``),
      '503': problem('The directory (Graph) or storage cannot be reached: the same request again finishes it'),
    },
  },
  {
    method: 'get',
    path: '/console/clients/{clientId}/release-email',
    operationId: 'consoleClientReleaseEmailConfirm',
    summary: '"Release the address": its confirmation',
    description: 'Says what it does (the file keeps its history, the login stops signing in with the address).',
    ...clientsPage,
    parameters: {
      path: z.object({ clientId: z.string().describe('The client\u2019s id (a UUID)') }),
      query: z.object({ lang }),
    },
    responses: {
      '200': html('Release the address? (a form, and a way back)'),
      '303': toSignIn,
      '403': forbidden,
      '404': notFound,
    },
  },
  {
    method: 'post',
    path: '/console/clients/{clientId}/release-email',
    operationId: 'consoleClientReleaseEmail',
    summary: 'Releases the addresses (the API\u2019s use case), then the sheet says so',
    description: 'The confirmation\u2019s form; `releaseEmail` runs it, as `POST /api/clients/{id}/release-email`.',
    ...clientsPage,
    parameters: {
      path: z.object({ clientId: z.string().describe('The client\u2019s id (a UUID)') }),
      query: z.object({ lang }),
    },
    request: {
      contentType: form,
      schema: z.object({ csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form') }),
    },
    responses: {
      '303': {
        description: 'Released: to the sheet, `?done=email-released`',
        headers: { Location: location('The sheet') },
      },
      '403': html('Cross-site post, not the session\u2019s CSRF token, no role or provider'),
      '404': notFound,
      '409': html('Refused: why (a provider still serves the login, not releasable, released already)'),
      '413': html('Form too large'),
      '415': html('Not a form'),
    },
  },
];

export const mergeRoutes: RouteDoc[] = [mergeClientRoute, ...consoleMergeRoutes, ...releaseEmailRoutes];
