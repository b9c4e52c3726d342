/**
 * The OpenAPI description of the console's Invitations pages: the list (filters, paging), an invitation's page, and
 * its actions (Resend — by email or as a new link shown once —, Revoke with its confirmation). Each declares its role
 * (`x-console-role`); another provider's invitation is the same 404 page as an unknown one.
 */
import { z } from 'zod';
import { INVITATION_STATUSES } from '../../domain/invitation.js';
import { LIST_ONLY } from '../console-invitations-query.js';
import { html, location, type RouteDoc } from '../openapi.js';
import { forbidden, form, invitationsPage, lang, setCookie, toSignIn } from './console-parts.js';

const invitationId = z.object({ invitationId: z.string().describe('The invitation\u2019s id (a UUID)') });

const notFound = html(
  'No such invitation for the professional\u2019s provider (another provider\u2019s, or unknown), or the console is not configured',
);
const postRefused = {
  '403': html('Cross-site post, not the session\u2019s CSRF token, no role or provider'),
  '404': notFound,
  '413': html('Form too large'),
  '415': html('Not a form'),
};

export const consoleInvitationRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/console/invitations',
    operationId: 'consoleInvitations',
    summary: 'The provider\u2019s invitations: filters, newest or oldest first, a page at a time',
    description:
      'Filters: status, email (the whole address), the days of creation (Paris time, both included), and Home\u2019s ' +
      'narrower lists (`only`). The listing is narrowed by its rows server-side; each row shows the name, email, ' +
      'status, email delivery, creation and expiry. 25 a page; `cursor` is the \u201cNext\u201d link\u2019s.',
    ...invitationsPage,
    parameters: {
      query: z.object({
        status: z.enum(INVITATION_STATUSES).optional(),
        email: z.string().optional().describe('The invitee\u2019s whole address'),
        from: z.string().optional().describe('Created on or after this day (`YYYY-MM-DD`, Paris)'),
        to: z.string().optional().describe('Created on or before this day (`YYYY-MM-DD`, Paris)'),
        only: z
          .enum(LIST_ONLY)
          .optional()
          .describe('Home\u2019s lists: expiring within 48 hours, email not delivered, accepted this week'),
        order: z.enum(['newest', 'oldest']).optional().describe('`newest` (default) or `oldest` first'),
        cursor: z.string().optional().describe('The next page, as the \u201cNext\u201d link gives it'),
        lang,
      }),
    },
    responses: {
      '200': html('The list'),
      '303': toSignIn,
      '400': html('A filter that is not valid: the filters with each one\u2019s message, no list'),
      '403': forbidden,
      '404': html('The console is not configured'),
    },
  },
  {
    method: 'get',
    path: '/console/invitations/{invitationId}',
    operationId: 'consoleInvitation',
    summary: 'One invitation: its fields, delivery, timeline and actions',
    description:
      'The timeline\u2019s first 200 events (and whether there are more); `done` says what an action did. A new link ' +
      'made by \u201cGet a new link\u201d is shown once, from `__Host-console-link` (cleared here).',
    ...invitationsPage,
    parameters: {
      path: invitationId,
      query: z.object({
        done: z.enum(['resent', 'link', 'revoked']).optional().describe('What the action before did'),
        lang,
      }),
    },
    responses: {
      '200': {
        ...html('The invitation'),
        headers: { 'Set-Cookie': setCookie('`__Host-console-link` cleared, once shown') },
      },
      '303': toSignIn,
      '403': forbidden,
      '404': notFound,
    },
  },
  {
    method: 'post',
    path: '/console/invitations/{invitationId}/resend',
    operationId: 'consoleInvitationResend',
    summary: 'Resends the invitation (the API\u2019s use case), by email or as a new link shown once',
    description:
      'A new key (the old link then says a newer invitation was sent) and a new expiry. `delivery=email`: a new ' +
      'email; `delivery=link`: no email, the new link shown once on the invitation\u2019s page. A double submit of ' +
      'one form (`formToken`) is one resend.',
    ...invitationsPage,
    parameters: { path: invitationId, query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({
        csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form'),
        formToken: z.string().optional().describe('The form\u2019s one-time token (a UUID)'),
        expiresInDays: z.string().describe('1 to 30'),
        delivery: z.enum(['email', 'link']).optional().describe('`email` (default) or `link`'),
      }),
    },
    responses: {
      '303': {
        description: 'Resent: to the invitation\u2019s page, `?done=resent` (or `link`)',
        headers: {
          Location: location('The invitation\u2019s page'),
          'Set-Cookie': setCookie('`__Host-console-link`: for `delivery=link`, the new link, sealed, 10 minutes'),
        },
      },
      '400': html('The expiry is not 1 to 30 days: the invitation\u2019s page with the field\u2019s message'),
      '409': html(
        'Another invitation pending for this person (linked), already a client, no longer resendable, or changed meanwhile: the invitation\u2019s page with the message',
      ),
      ...postRefused,
    },
  },
  {
    method: 'get',
    path: '/console/invitations/{invitationId}/revoke',
    operationId: 'consoleInvitationRevokeConfirm',
    summary: 'Revoke\u2019s confirmation page',
    description:
      'Says what revoking does (the link stops working at once and for good) and asks to confirm with a form; no ' +
      'script needed.',
    ...invitationsPage,
    parameters: { path: invitationId, query: z.object({ lang }) },
    responses: {
      '200': html('Revoke the invitation? (a form, and a way back)'),
      '303': toSignIn,
      '403': forbidden,
      '404': notFound,
      '409': html('No longer revocable (accepted, completed): the invitation\u2019s page, said so'),
    },
  },
  {
    method: 'post',
    path: '/console/invitations/{invitationId}/revoke',
    operationId: 'consoleInvitationRevoke',
    summary: 'Revokes the invitation (the API\u2019s use case): its link stops working for good',
    description:
      'The confirmation page\u2019s form; `revokeInvitation` as `POST /api/invitations/{id}/revoke` runs it.',
    ...invitationsPage,
    parameters: { path: invitationId, query: z.object({ lang }) },
    request: {
      contentType: form,
      schema: z.object({ csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form') }),
    },
    responses: {
      '303': {
        description: 'Revoked: to the invitation\u2019s page, `?done=revoked`',
        headers: { Location: location('The invitation\u2019s page') },
      },
      '409': html(
        'No longer revocable (accepted, completed), or changed meanwhile: the invitation\u2019s page, said so',
      ),
      ...postRefused,
    },
  },
];
