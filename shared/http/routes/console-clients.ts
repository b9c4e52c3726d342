/**
 * The OpenAPI description of the console's client pages (seed 000): the search, the new prospect form, the client
 * sheet and its tabs, and the edit form. Each declares its role (`x-console-role`); another provider's client is the
 * same 404 page as an unknown one.
 */
import { z } from 'zod';
import { CIVILITIES } from '../../domain/client-file.js';
import { CLIENT_TABS, SHEET_DONE } from '../../web/console-clients-pages.js';
import { providerExportSchema } from '../client-export-schema.js';
import { html, location, type RouteDoc, retryAfter } from '../openapi.js';
import { clientsPage, forbidden, form, lang, toSignIn } from './console-parts.js';

const clientId = z.object({ clientId: z.string().describe('The client\u2019s id (a UUID)') });

const deviceParams = z.object({
  clientId: z.string().describe('The client\u2019s id (a UUID)'),
  deviceId: z.string().describe('The device\u2019s id (a UUID)'),
});

const notFound = html(
  'No such client for the professional\u2019s provider (another provider\u2019s, or unknown), or the console is not configured',
);
const postRefused = {
  '403': html('Cross-site post, not the session\u2019s CSRF token, no role or provider'),
  '404': notFound,
  '413': html('Form too large'),
  '415': html('Not a form'),
};

/** The client form's fields, as `POST /api/clients` reads them (an emptied field clears it on the edit form). */
const clientForm = z.object({
  csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form'),
  formToken: z.string().optional().describe('The form\u2019s one-time token (a UUID)'),
  civility: z.enum(['', ...CIVILITIES]).optional(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().optional().describe('The primary address'),
  phone: z.string().optional().describe('International, or French national (06\u2026)'),
  addressLine1: z.string().optional(),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional().describe('ISO 3166-1 alpha-2 of the address (FR by default)'),
  department: z.string().optional(),
  advisor: z.string().optional(),
  referrer: z.string().optional(),
  mobileAppOffered: z.enum(['yes', 'no']).optional().describe('`mobileApp.offered`'),
  usableUntil: z.string().optional().describe('`mobileApp.usableUntil`, YYYY-MM-DD'),
});

export const consoleClientRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/console/clients',
    operationId: 'consoleClients',
    summary: 'Search the provider\u2019s clients and prospects (seed 000)',
    description:
      'By name (the beginning of a first or last name, any order, case and accents aside), email or phone, as ' +
      '`GET /api/clients?q=`. The results in blocks, \u201cClients (n)\u201d and \u201cProspects (n)\u201d, with the ' +
      'seed\u2019s columns; exactly one result opens its sheet (303).',
    ...clientsPage,
    parameters: { query: z.object({ q: z.string().optional().describe('What to look for'), lang }) },
    responses: {
      '200': html('The search, and its results when `q` is given'),
      '303': {
        description: 'Exactly one result: to its sheet (or no session: to the console\u2019s sign-in)',
        headers: { Location: location('The client\u2019s sheet, or the console\u2019s sign-in') },
      },
      '400': html('Nothing to look for in `q` (or too long): the search, said so'),
      '403': forbidden,
      '404': html('The console is not configured'),
    },
  },
  {
    method: 'get',
    path: '/console/clients/new',
    operationId: 'consoleClientNewForm',
    summary: 'The new prospect form',
    description: 'Only the first and last name are needed; the mobile app is not offered unless said so.',
    ...clientsPage,
    parameters: { query: z.object({ lang }) },
    responses: {
      '200': html('The form'),
      '303': toSignIn,
      '403': forbidden,
      '404': html('The console is not configured'),
    },
  },
  {
    method: 'post',
    path: '/console/clients/new',
    operationId: 'consoleClientNew',
    summary: 'Creates the prospect (the API\u2019s use case)',
    description:
      '`createClientFile`, as `POST /api/clients`, with its schema. A double submit of one form (`formToken`) is ' +
      'one prospect.',
    ...clientsPage,
    parameters: { query: z.object({ lang }) },
    request: { contentType: form, schema: clientForm },
    responses: {
      '303': {
        description: 'Created: to its sheet, `?done=created`',
        headers: { Location: location('The new client\u2019s sheet') },
      },
      '400': html('Fields to correct: the form with each field\u2019s message, the values kept'),
      '409': html(
        'The email is another client\u2019s of the provider (a link to that sheet), or the same form still runs',
      ),
      ...postRefused,
      '404': html('The console is not configured'),
    },
  },
  {
    method: 'get',
    path: '/console/clients/{clientId}',
    operationId: 'consoleClient',
    summary: 'The client sheet, on one of its tabs',
    description:
      'Identity, access (status at the provider, companies), invitations (links to their pages), and the mobile ' +
      'app (advisor, usable until, first connection, identification code, the activation code\u2019s sending \u2014 ' +
      'never the code \u2014, mobile number, department, referrer, \u201cSend by SMS\u201d, the devices). `done` says ' +
      'what the action before did.',
    ...clientsPage,
    parameters: {
      path: clientId,
      query: z.object({
        tab: z.enum(CLIENT_TABS).optional().describe('The tab shown (`identity` by default)'),
        done: z.enum(SHEET_DONE).optional().describe('What the action before did'),
        lang,
      }),
    },
    responses: { '200': html('The sheet'), '303': toSignIn, '403': forbidden, '404': notFound },
  },
  {
    method: 'get',
    path: '/console/clients/{clientId}/edit',
    operationId: 'consoleClientEditForm',
    summary: 'The sheet\u2019s edit form, holding its values',
    description: 'Identity, contact, address, follow-up, and the mobile app (`mobileApp: { offered, usableUntil }`).',
    ...clientsPage,
    parameters: { path: clientId, query: z.object({ lang }) },
    responses: { '200': html('The form'), '303': toSignIn, '403': forbidden, '404': notFound },
  },
  {
    method: 'post',
    path: '/console/clients/{clientId}/edit',
    operationId: 'consoleClientEdit',
    summary: 'Saves the sheet (the API\u2019s use case)',
    description: '`editClientFile`, as `PATCH /api/clients/{id}`, with its schema; an emptied field is cleared.',
    ...clientsPage,
    parameters: { path: clientId, query: z.object({ lang }) },
    request: { contentType: form, schema: clientForm },
    responses: {
      '303': {
        description: 'Saved: to the sheet, `?done=saved`',
        headers: { Location: location('The client\u2019s sheet') },
      },
      '400': html('Fields to correct: the form with each field\u2019s message, the values kept'),
      '409': html('The email is another client\u2019s of the provider (a link to that sheet), or changed meanwhile'),
      ...postRefused,
    },
  },
  {
    method: 'get',
    path: '/console/clients/{clientId}/export',
    operationId: 'consoleClientExport',
    summary: '\u201cExport data\u201d: the JSON download of everything the provider holds on the person',
    description: '`exportClientFile`, as `GET /api/clients/{id}/export`: the same document, as an attachment.',
    ...clientsPage,
    parameters: { path: clientId, query: z.object({ lang }) },
    responses: {
      '200': { description: 'The export', schema: providerExportSchema },
      '303': toSignIn,
      '403': forbidden,
      '404': notFound,
    },
  },
  {
    method: 'get',
    path: '/console/clients/{clientId}/erase',
    operationId: 'consoleClientEraseForm',
    summary: '\u201cErase\u201d: the confirmation of erasing a prospect\u2019s file (the export offered first)',
    description: 'A person who has signed in cannot be erased here: the page says why (409).',
    ...clientsPage,
    parameters: { path: clientId, query: z.object({ lang }) },
    responses: {
      '200': html('The confirmation'),
      '303': toSignIn,
      '403': forbidden,
      '404': notFound,
      '409': html('The person has signed in: why the file cannot be erased here'),
    },
  },
  {
    method: 'post',
    path: '/console/clients/{clientId}/erase',
    operationId: 'consoleClientErase',
    summary: 'Erases the prospect\u2019s file and its invitations (the API\u2019s use case)',
    description: '`eraseClientFile`, as `DELETE /api/clients/{id}`.',
    ...clientsPage,
    parameters: { path: clientId, query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({ csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form') }),
    },
    responses: {
      '303': {
        description: 'Erased: to the client search, `?done=erased&invitations=<n>`',
        headers: { Location: location('The client search') },
      },
      '409': html('The person has signed in: why the file cannot be erased here'),
      ...postRefused,
    },
  },
  {
    method: 'post',
    path: '/console/clients/{clientId}/send-sms',
    operationId: 'consoleClientSendSms',
    summary: '\u201cSend by SMS\u201d: a new activation code to the mobile number on file (the API\u2019s use case)',
    description:
      '`sendActivationSms`, as `POST /api/SendActivationSms`, with every limit. A double submit of one form ' +
      '(`formToken`) is one SMS. A spent daily SMS budget is the service\u2019s 503 page.',
    ...clientsPage,
    parameters: { path: clientId, query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({
        csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form'),
        formToken: z.string().optional().describe('The form\u2019s one-time token (a UUID)'),
      }),
    },
    responses: {
      '303': {
        description: 'Queued: to the sheet\u2019s mobile app tab, `?done=sms-sent` (the masked number, until when)',
        headers: { Location: location('The client\u2019s sheet') },
      },
      '409': html('No mobile number on file, the app not offered, or the same form still runs: the sheet, said so'),
      '422': html('Not a mobile number of an allowed country: the sheet, said so'),
      '429': {
        ...html('A limit: the sheet, saying when to try again'),
        headers: { 'Retry-After': retryAfter },
      },
      '503': html('The service\u2019s daily SMS budget is spent: try again later'),
      ...postRefused,
    },
  },
  {
    method: 'get',
    path: '/console/clients/{clientId}/devices/{deviceId}/revoke',
    operationId: 'consoleClientDeviceRevokeConfirm',
    summary: 'Revoke a device: its confirmation page',
    description:
      'Says what revoking does (the app on that device stops opening the account at once) and asks to confirm.',
    ...clientsPage,
    parameters: { path: deviceParams, query: z.object({ lang }) },
    responses: {
      '200': html('Revoke the device? (a form, and a way back)'),
      '303': toSignIn,
      '403': forbidden,
      '404': html('No such client for the provider, or the device is not on the sheet (or already revoked): said so'),
    },
  },
  {
    method: 'post',
    path: '/console/clients/{clientId}/devices/{deviceId}/revoke',
    operationId: 'consoleClientDeviceRevoke',
    summary: 'Revokes the device (the API\u2019s use case): its credential stops working',
    description:
      'The confirmation page\u2019s form; `revokeDevice` runs it. Revoking a revoked device changes nothing.',
    ...clientsPage,
    parameters: { path: deviceParams, query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({ csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form') }),
    },
    responses: {
      '303': {
        description: 'Revoked: to the sheet\u2019s mobile app tab, `?done=device-revoked`',
        headers: { Location: location('The client\u2019s sheet') },
      },
      ...postRefused,
      '404': html('No such client for the provider, or the device is not on the sheet: said so'),
    },
  },
];
