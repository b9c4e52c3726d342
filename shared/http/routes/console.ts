/**
 * The OpenAPI description of the professional console's routes: its sign-in through the workforce tenant, signing
 * out, and its pages (each declares the role it needs: `x-console-role`). Pages answer HTML in French (default) or
 * English (`?lang=en`); a page without a session sends the browser to the console's sign-in, and back after it.
 */
import { z } from 'zod';
import { LOCALES } from '../../domain/locale.js';
import { html, location, type RouteDoc } from '../openapi.js';
import { consoleClientAccessRoutes } from './console-client-access.js';
import { consoleClientRoutes } from './console-clients.js';
import { consoleInvitationRoutes } from './console-invitations.js';
import { forbidden, form, invitationsPage, lang, setCookie, toSignIn } from './console-parts.js';

const refused = {
  '403': forbidden,
  '404': html('The console is not configured on this service'),
};

export const consoleRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/console',
    operationId: 'consoleHome',
    summary: 'The console\u2019s Home: counts of the provider\u2019s invitations',
    description:
      'Pending, expiring within 48 hours, email not delivered, and accepted since Monday 00:00 (Paris time): the ' +
      'invitations of the signed-in professional\u2019s provider only.',
    ...invitationsPage,
    parameters: { query: z.object({ lang }) },
    responses: {
      '200': {
        ...html('Home'),
        headers: { 'Set-Cookie': setCookie('`__Host-console` renewed (idle clock), at most once a minute') },
      },
      '303': toSignIn,
      ...refused,
    },
  },
  {
    method: 'get',
    path: '/console/invite',
    operationId: 'consoleInviteForm',
    summary: 'The Invite form: one person to invite',
    description:
      'Email, first and last name (required); the invitation\u2019s language, mobile number, a company prefilled under ' +
      'the Create Company page\u2019s rules, a personal message, the expiry in days (1\u201330, 7 by default), and ' +
      '\u201csend the email\u201d or \u201cgive me the link\u201d. Each form carries a one-time `formToken`.',
    ...invitationsPage,
    parameters: { query: z.object({ lang }) },
    responses: { '200': html('The Invite form'), '303': toSignIn, ...refused },
  },
  {
    method: 'post',
    path: '/console/invite',
    operationId: 'consoleInvite',
    summary: 'Invites one person from the console (the same use case and rules as `POST /api/InviteUser`)',
    description:
      'The form is read into the API\u2019s invitation request (`InvitationRequest`, the same schema) and the same ' +
      'use case runs. The same form posted twice (its `formToken`, as an `Idempotency-Key`) gets the first answer again.',
    ...invitationsPage,
    parameters: { query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({
        csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form'),
        formToken: z
          .string()
          .optional()
          .describe('The form\u2019s one-time token (a UUID): a double submit is one invitation'),
        email: z.string(),
        firstName: z.string(),
        lastName: z.string(),
        locale: z.enum(LOCALES).optional(),
        phone: z.string().optional().describe('E.164, or as typed (a French number may start with 0)'),
        message: z.string().optional().describe('At most 500 characters'),
        expiresInDays: z.string().optional().describe('1 to 30'),
        delivery: z.enum(['email', 'link']).optional().describe('`email` (default): send it; `link`: give me the link'),
        'company-name': z.string().optional().describe('And the other `company-<field>` of the Create Company form'),
      }),
    },
    responses: {
      '303': {
        description: 'Invited: to `/api/console/invite/sent/{invitationId}`',
        headers: {
          Location: location('The page after the form'),
          'Set-Cookie': setCookie(
            '`__Host-console-link`: for \u201cgive me the link\u201d, the link, sealed, 10 minutes',
          ),
        },
      },
      '400': html('The form again, each field\u2019s problem next to it, the values kept'),
      '403': html('Cross-site post, not the session\u2019s CSRF token, no role or provider, or the provider inactive'),
      '404': refused['404'],
      '409': html(
        'Already invited (pending), already a client, or the same form still being sent: the form with the message',
      ),
      '413': html('Form too large'),
      '415': html('Not a form'),
    },
  },
  {
    method: 'get',
    path: '/console/invite/sent/{invitationId}',
    operationId: 'consoleInviteSent',
    summary: 'After the Invite form: the email is queued, or the link shown once',
    description:
      'For \u201cgive me the link\u201d, the link comes from `__Host-console-link` (cleared here: shown once). Only an ' +
      'invitation of the professional\u2019s provider; any other is a 404 page.',
    ...invitationsPage,
    parameters: {
      path: z.object({ invitationId: z.string().describe('The invitation\u2019s id') }),
      query: z.object({ lang }),
    },
    responses: {
      '200': {
        ...html('The invitation created: email queued, or its link with a copy button'),
        headers: { 'Set-Cookie': setCookie('`__Host-console-link` cleared, once shown') },
      },
      '303': toSignIn,
      '403': refused['403'],
      '404': html('No such invitation for this provider, or the console is not configured'),
    },
  },
  // The bulk invite (issue 10, "Bulk"): its form, the example CSV, each batch's page and the CSV of its rows not invited.
  {
    method: 'get',
    path: '/console/invite/bulk',
    operationId: 'consoleInviteBulkForm',
    summary: 'The bulk invite: upload a CSV or paste rows; the provider\u2019s recent bulks',
    description:
      'The columns read (those of `POST /api/InviteUser` in `text/csv`), an example file, and the provider\u2019s ' +
      'latest 20 bulks (newest first) with their state and counts. Each form carries a one-time `formToken`.',
    ...invitationsPage,
    parameters: { query: z.object({ lang }) },
    responses: { '200': html('The bulk invite form and the recent bulks'), '303': toSignIn, ...refused },
  },
  {
    method: 'post',
    path: '/console/invite/bulk',
    operationId: 'consoleInviteBulk',
    summary: 'Starts a bulk from the console (the same rows, rules and use case as `POST /api/InviteUser` in CSV)',
    description:
      'At most 8 MiB (`multipart/form-data`; the CSRF token is a field of it). The file\u2019s bytes are decoded as ' +
      'UTF-8 (BOM or not) or Windows-1252; without a file, the pasted rows are read. At most 10,000 rows; a file ' +
      'that cannot be read, without rows or with a wrong header is the form again with the reason, nothing written. ' +
      'The same form posted twice (its `formToken`) is one bulk.',
    ...invitationsPage,
    parameters: { query: z.object({ lang }) },
    request: {
      contentType: 'multipart/form-data',
      schema: z.object({
        csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form'),
        formToken: z
          .string()
          .optional()
          .describe('The form\u2019s one-time token (a UUID): a double submit is one bulk'),
        file: z.string().optional().describe('The CSV file (binary): UTF-8 with or without BOM, or Windows-1252'),
        rows: z.string().optional().describe('Pasted rows with their header line, read when no file is given'),
      }),
    },
    responses: {
      '303': {
        description: 'Started: to `/api/console/invite/bulk/{batchId}`',
        headers: { Location: location('The batch\u2019s page') },
      },
      '400': html('The form again with the reason: unreadable file, no rows, too many rows, wrong header'),
      '403': html('Cross-site post, not the session\u2019s CSRF token, no role or provider'),
      '404': refused['404'],
      '409': html('The same form still being sent: the form with the message'),
      '413': html('Form larger than 8 MiB'),
      '415': html('Not a form'),
    },
  },
  {
    method: 'get',
    path: '/console/invite/bulk/example.csv',
    operationId: 'consoleInviteBulkExample',
    summary: 'An example CSV for the bulk invite (every column read, two people)',
    description: 'UTF-8 with a BOM and semicolons, as an attachment.',
    ...invitationsPage,
    parameters: { query: z.object({ lang }) },
    responses: {
      '200': {
        description: 'The example file',
        contentType: 'text/csv',
        schema: z.string(),
        headers: { 'Content-Disposition': { description: 'attachment; filename=…', schema: z.string() } },
      },
      '303': toSignIn,
      ...refused,
    },
  },
  {
    method: 'get',
    path: '/console/invite/bulk/{batchId}',
    operationId: 'consoleInviteBulkBatch',
    summary: 'A bulk\u2019s page: totals, progress, the rows not invited',
    description:
      'Rows read, refused when read, invitations created, refused while inviting, emails waiting, sent and not ' +
      'delivered; a progress bar of rows handled over rows accepted (100 % when every chunk is done); each row not ' +
      'invited with its email and problems. Kept live by a script that fetches the page again. Only a bulk of the ' +
      'professional\u2019s provider; any other is a 404 page.',
    ...invitationsPage,
    parameters: {
      path: z.object({ batchId: z.string().describe('The bulk\u2019s id') }),
      query: z.object({ lang }),
    },
    responses: {
      '200': html('The bulk\u2019s page'),
      '303': toSignIn,
      '403': refused['403'],
      '404': html('No such bulk for this provider, or the console is not configured'),
    },
  },
  {
    method: 'get',
    path: '/console/invite/bulk/{batchId}/errors.csv',
    operationId: 'consoleInviteBulkErrors',
    summary: 'The rows of a bulk not invited, as CSV for Excel',
    description:
      'One line per problem: row, email, column, problem (in the page\u2019s language); UTF-8 with a BOM and ' +
      'semicolons, as an attachment. Only a bulk of the professional\u2019s provider; any other is a 404 page.',
    ...invitationsPage,
    parameters: {
      path: z.object({ batchId: z.string().describe('The bulk\u2019s id') }),
      query: z.object({ lang }),
    },
    responses: {
      '200': {
        description: 'The rows not invited',
        contentType: 'text/csv',
        schema: z.string(),
        headers: { 'Content-Disposition': { description: 'attachment; filename=…', schema: z.string() } },
      },
      '303': toSignIn,
      '403': refused['403'],
      '404': html('No such bulk for this provider, or the console is not configured'),
    },
  },
  {
    method: 'get',
    path: '/console/sign-in',
    operationId: 'consoleSignIn',
    summary: 'A professional signs in to the console: 303 to the workforce tenant\u2019s sign-in',
    description:
      'Authorization code + PKCE S256 with `state` and `nonce`; the transaction and the page to come back to (a ' +
      'path of the console on this site, else Home) wait in `__Host-console-signin`.',
    tags: ['console'],
    parameters: {
      query: z.object({
        back: z
          .string()
          .max(1024)
          .optional()
          .describe('The console page to come back to (a path such as `/api/console`)'),
        prompt: z.string().optional().describe('`login`: Entra asks for the password again'),
        lang,
      }),
    },
    responses: {
      '303': {
        description: 'To the workforce tenant\u2019s /authorize (PKCE S256, `state`, `nonce`, `ui_locales`)',
        headers: {
          Location: location('Entra\u2019s authorize URL'),
          'Set-Cookie': setCookie('`__Host-console-signin`: the sign-in transaction, 15 minutes'),
        },
      },
      '404': refused['404'],
    },
  },
  {
    method: 'get',
    path: '/console/callback',
    operationId: 'consoleSignInCallback',
    summary: 'The workforce tenant\u2019s redirect: verifies the sign-in and starts a console session',
    description:
      'The state must be the transaction\u2019s; the code is redeemed (PKCE) and the ID token verified (signature, ' +
      'issuer, tenant, audience, lifetime, nonce); its `roles` are the console\u2019s app roles assigned to the ' +
      'professional. A new session id, then back to the page asked for.',
    tags: ['console'],
    cookie: 'console-sign-in',
    parameters: {
      query: z.object({
        state: z.string().optional().describe('Must match the sign-in transaction of the cookie'),
        code: z.string().optional().describe('The authorization code, redeemed once'),
        error: z
          .string()
          .optional()
          .describe('Entra\u2019s error code (`access_denied` when the sign-in is cancelled)'),
      }),
    },
    responses: {
      '200': html('Sign-in cancelled'),
      '303': {
        description: 'Back to the console page asked for (Home by default)',
        headers: {
          Location: location('The console page'),
          'Set-Cookie': setCookie('`__Host-console`: the new session; `__Host-console-signin` cleared'),
        },
      },
      '400': html('Missing, replayed or foreign state'),
      '401': html('The sign-in could not be verified'),
      '404': refused['404'],
    },
  },
  {
    method: 'post',
    path: '/console/sign-out',
    operationId: 'consoleSignOut',
    summary: 'Ends the console session for good (CSRF token)',
    description:
      'The session\u2019s id is recorded as ended (a copy of the cookie is refused from then on), the cookie ' +
      'cleared, and the browser sent to the workforce tenant\u2019s sign-out (`<authority>/oauth2/v2.0/logout`), ' +
      'which ends Entra\u2019s own session (else the next sign-in would need no password) and comes back to ' +
      '`GET /api/console/signed-out` with the page\u2019s language in `state`. Without a session, the same.',
    tags: ['console'],
    cookie: 'console-session-if-any',
    parameters: { query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({
        csrf: z.string().optional().describe('The session\u2019s CSRF token, from the page\u2019s form'),
      }),
    },
    responses: {
      '303': {
        description:
          'To the workforce tenant\u2019s sign-out: `post_logout_redirect_uri` (/api/console/signed-out, registered ' +
          'on the console\u2019s app), `state` and `ui_locales` (the page\u2019s language)',
        headers: {
          Location: location('Entra\u2019s logout URL'),
          'Set-Cookie': setCookie('`__Host-console` cleared'),
        },
      },
      '403': html('Cross-site post, or not the session\u2019s CSRF token'),
      '404': refused['404'],
      '413': html('Form too large'),
      '415': html('Not a form'),
    },
  },
  {
    method: 'get',
    path: '/console/signed-out',
    operationId: 'consoleSignedOut',
    summary: 'The console\u2019s signed-out page, where the workforce tenant\u2019s sign-out comes back to',
    description:
      'Reads and changes nothing: the same page for anyone, in the language `state` carries (the one given to ' +
      'Entra\u2019s sign-out), else `lang`, the browser\u2019s, French.',
    tags: ['console'],
    parameters: {
      query: z.object({
        state: z.enum(LOCALES).optional().describe('The page\u2019s language, as Entra\u2019s sign-out gives it back'),
        lang,
      }),
    },
    responses: { '200': html('Signed out'), '404': refused['404'] },
  },
  ...consoleInvitationRoutes,
  ...consoleClientRoutes,
  ...consoleClientAccessRoutes,
];
