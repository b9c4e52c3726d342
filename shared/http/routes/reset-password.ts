/** The OpenAPI description of forgot password: `ResetPassword` (the request and its pages) and its confirm. */
import { z } from 'zod';
import { LOCALES } from '../../domain/locale.js';
import { html, problem, type RouteDoc } from '../openapi.js';
import {
  resetAcceptedSchema,
  resetConfirmFormSchema,
  resetRequestFormSchema,
  resetRequestSchema,
} from '../reset-password-schema.js';

const form = 'application/x-www-form-urlencoded';
const lang = z
  .enum(LOCALES)
  .optional()
  .describe('The page\u2019s language (else the link\u2019s, the browser\u2019s, French)');

const refusedPost = {
  '403': html('Cross-site post'),
  '413': html('Form too large'),
  '415': html('Not a form'),
};

export const resetPasswordRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/ResetPassword',
    operationId: 'resetPassword',
    summary: 'Forgot password: always 202, the same whether or not the address has an account',
    description:
      'JSON `{ email }` answers `202 { status: "accepted" }`; the page\u2019s form answers a `202` page asking to check ' +
      'the mailbox and the spam folder. The status, body and headers are the same for every well-formed address, ' +
      'with or without an account, within the limits or beyond them (3 per address and 20 per IP per hour: beyond, ' +
      'nothing is sent). The request takes the per-IP limit and queues the rest (`reset-requests`): the link, valid 30 ' +
      'minutes and once, or, when the client\u2019s access is refused everywhere, why. Not an address: `400`.',
    tags: ['sign-in'],
    request: {
      contentType: 'application/json',
      schema: resetRequestSchema,
      also: [{ contentType: form, schema: resetRequestFormSchema }],
    },
    responses: {
      '202': {
        description: 'Accepted (JSON), or the "check your mailbox" page (form)',
        schema: resetAcceptedSchema,
        also: [{ contentType: 'text/html', schema: z.string() }],
      },
      '400': {
        ...problem('Not an email address, or malformed JSON'),
        also: [{ contentType: 'text/html', schema: z.string() }],
      },
      '403': html('Cross-site form post'),
      '413': problem('Body too large'),
      '415': problem('Neither JSON nor a form'),
    },
  },
  {
    method: 'get',
    path: '/ResetPassword',
    operationId: 'resetPasswordPage',
    summary: 'The email form, or (with `token`) the new-password form of the emailed link; changes nothing',
    description:
      'Without `token`: the "forgot your password?" form. With the link\u2019s `token`: the new-password form (the ' +
      'criteria shown and checked live), or why the link no longer works with a "send me a new link" form. Reading ' +
      'the link spends nothing, so mail scanners that open it cannot use it up.',
    tags: ['sign-in'],
    parameters: {
      query: z.object({
        token: z.string().optional().describe('The emailed link\u2019s token (43 characters)'),
        lang,
      }),
    },
    responses: {
      '200': html('The email form, or the new-password form'),
      '404': html('Unknown link'),
      '410': html('Link already used, expired, or replaced by a newer one'),
    },
  },
  {
    method: 'post',
    path: '/ResetPassword/confirm',
    operationId: 'resetPasswordConfirm',
    summary: 'Sets the new password of the emailed link (once), then the "password updated, redirecting" page',
    description:
      'The rules of `checkPassword` (400 with those not met, the form again); then the link is spent once (two ' +
      'concurrent posts: one wins, the other gets the used page), the password set through Graph, the account\u2019s ' +
      'sessions revoked and the portal\u2019s ended, a "password changed" email queued. The page redirects to ' +
      '`/api/SignIn?go=1` after a few seconds. When Graph fails, the link stays usable.',
    tags: ['sign-in'],
    request: { contentType: form, schema: resetConfirmFormSchema },
    responses: {
      '200': html('Password reset, redirecting to the sign-in'),
      '400': html('Rules not met, or the two passwords differ: the form again'),
      ...refusedPost,
      '404': html('Unknown link'),
      '410': html('Link already used, expired, or replaced by a newer one'),
    },
  },
];
