/** The OpenAPI description of the client file routes of professionals (`/api/clients`, docs/clients.md). */
import { z } from 'zod';
import { providerExportSchema } from '../client-export-schema.js';
import {
  clientChangesSchema,
  clientRequestSchema,
  clientSheetSchema,
  searchAnswerSchema,
  searchQuerySchema,
} from '../client-schema.js';
import { callerProblems, location, problem, type RouteDoc } from '../openapi.js';

const clientId = z.object({ id: z.uuid().describe('The client id') });

const idempotencyKey = z.object({
  'Idempotency-Key': z
    .string()
    .optional()
    .describe('1 to 255 visible ASCII characters (e.g. a UUID): a replay within 24 h gets the first answer again'),
});

export const createClientRoute: RouteDoc = {
  method: 'post',
  path: '/clients',
  operationId: 'createClient',
  summary: 'Create a client file: a prospect until the person signs in',
  description:
    'The file gets its identification code (8 characters, unique across the service; it never changes). The phone ' +
    'number is read by a phone-number library (international, or French national) and kept in E.164; a fixed line ' +
    'is accepted. A second file with the same primary address in the provider is refused (`client-exists`, with ' +
    'the existing `clientId`).',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  parameters: { header: idempotencyKey },
  request: { contentType: 'application/json', schema: clientRequestSchema },
  responses: {
    '201': {
      description: 'The client sheet',
      schema: clientSheetSchema,
      headers: { Location: location('The client sheet') },
    },
    '400': problem('Invalid fields (one entry per field in `errors`), malformed JSON, or Idempotency-Key'),
    ...callerProblems,
    '409': problem('`client-exists` (with `clientId`), or a request with this Idempotency-Key still runs'),
    '413': problem('Body too large'),
    '415': problem('Not JSON'),
    '422': problem('Idempotency-Key reused for another request'),
  },
};

export const searchClientsRoute: RouteDoc = {
  method: 'get',
  path: '/clients',
  operationId: 'searchClients',
  summary: "Search the provider's clients and prospects by name, email or phone (seed 000)",
  description:
    'Case- and accent-insensitive. A name: each word is the beginning of a first- or last-name word, in any order ' +
    '("dup cla" finds Claire Dupont). A text with `@`: the whole address. A phone number (international, or French ' +
    'national): the whole number. At most 50 summaries in name order; `truncated` when more match.',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  parameters: { query: searchQuerySchema },
  responses: {
    '200': { description: 'The summaries found', schema: searchAnswerSchema },
    '400': problem('No `q`, or one without a letter or a digit'),
    ...callerProblems,
  },
};

export const getClientRoute: RouteDoc = {
  method: 'get',
  path: '/clients/{id}',
  operationId: 'getClient',
  summary: 'The client sheet: identity, contact, addresses, the mobile app, access, companies, invitations, devices',
  description:
    'The activation code is never shown: the sheet says when the latest was sent, to which (masked) number, until ' +
    'when it is valid and its delivery. Another provider\u2019s client is not found (404), as an unknown one.',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  parameters: { path: clientId },
  responses: {
    '200': { description: 'The client sheet', schema: clientSheetSchema },
    ...callerProblems,
    '404': problem('No such client for this provider'),
  },
};

export const editClientRoute: RouteDoc = {
  method: 'patch',
  path: '/clients/{id}',
  operationId: 'editClient',
  summary: 'Edit a client file: the fields given replace the file\u2019s, `null` clears an optional one',
  description:
    'The identification code, the status and the sign-in address never change here. A primary address another ' +
    'file of the provider holds is refused (`client-exists`, with its `clientId`).',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  parameters: { path: clientId, header: idempotencyKey },
  request: { contentType: 'application/json', schema: clientChangesSchema },
  responses: {
    '200': { description: 'The client sheet', schema: clientSheetSchema },
    '400': problem('Invalid fields (one entry per field in `errors`), malformed JSON, or Idempotency-Key'),
    ...callerProblems,
    '404': problem('No such client for this provider'),
    '409': problem('`client-exists` (with `clientId`), the file keeps changing, or a request with this key still runs'),
    '413': problem('Body too large'),
    '415': problem('Not JSON'),
    '422': problem('Idempotency-Key reused for another request'),
  },
};

export const exportClientRoute: RouteDoc = {
  method: 'get',
  path: '/clients/{id}/export',
  operationId: 'exportClient',
  summary: 'Everything the provider holds on the person, as a JSON download (the RGPD\u2019s right of access)',
  description:
    'The sheet (identity, contact, addresses, the mobile app, access, companies, devices) and every invitation to ' +
    'the file\u2019s addresses with its whole timeline (at most 1,000 events each). No secret is in it: no link key, ' +
    'activation code or device credential. Answered as an attachment (`Content-Disposition`). Another ' +
    'provider\u2019s client is not found (404), as an unknown one.',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  parameters: { path: clientId },
  responses: {
    '200': {
      description: 'The export',
      schema: providerExportSchema,
      headers: {
        'Content-Disposition': {
          description: 'attachment; filename="client-<id>-<YYYY-MM-DD>.json"',
          schema: z.string(),
        },
      },
    },
    ...callerProblems,
    '404': problem('No such client for this provider'),
  },
};

export const eraseClientRoute: RouteDoc = {
  method: 'delete',
  path: '/clients/{id}',
  operationId: 'eraseClient',
  summary: 'Erase a client\u2019s or a prospect\u2019s file and its invitations (the RGPD\u2019s right to erasure)',
  description:
    'The file, its search index rows, its devices and its identification code are deleted; every invitation of the ' +
    'provider to the file\u2019s addresses is anonymized (no address, name, phone, company or message; a pending one ' +
    'is revoked), its emails, events and counters deleted, one `erased` event kept. Safe to run again after a cut. ' +
    'When the person has signed in, their account\u2019s record at the provider and the companies they created for it ' +
    'go too, which ends their access and sessions there; when no provider keeps them any more, their Entra account ' +
    'and everything kept of it are deleted. Whether other providers serve the person is not said. ' +
    'Another provider\u2019s client is not found (404).',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  parameters: { path: clientId },
  responses: {
    '200': {
      description: 'What was erased',
      schema: z.object({ clientId: z.uuid(), invitationsErased: z.int().min(0) }).meta({ id: 'ErasureReport' }),
    },
    ...callerProblems,
    '404': problem('No such client for this provider'),
    '409': problem('`concurrent-update`: the file or an invitation changed meanwhile; try again'),
  },
};

export const clientRoutes: RouteDoc[] = [
  createClientRoute,
  searchClientsRoute,
  getClientRoute,
  editClientRoute,
  exportClientRoute,
  eraseClientRoute,
];
