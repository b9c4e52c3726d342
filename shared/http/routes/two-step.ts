/** The two-step verification pages (docs/two-step.md): enrollment and turning off from the profile, the sign-in code step. */
import { z } from 'zod';
import { LOCALES } from '../../domain/locale.js';
import { html, location, type ResponseDoc, type RouteDoc, retryAfter } from '../openapi.js';
import { form, setCookie } from './console-parts.js';

const lang = z
  .enum(LOCALES)
  .optional()
  .describe('The page\u2019s language (else the session\u2019s, the browser\u2019s, French)');
const noSession = { '401': html('No session (or expired): the page says to sign in again') };
const codeForm = z.object({
  csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form'),
  code: z.string().max(24).describe('The authenticator app\u2019s 6 digits (or, where allowed, a recovery code)'),
});
const locked: ResponseDoc = {
  ...html('5 wrong codes in 15 minutes: the code step is locked for 15 minutes (the page says how long)'),
  headers: { 'Retry-After': retryAfter },
};
const refusedPost = {
  '403': html('Cross-site post, not the session\u2019s CSRF token, or access refused since signing in'),
  '413': html('Form too large'),
  '415': html('Not a form'),
};
const toFreshSignIn: ResponseDoc = {
  description:
    'The last sign-in is older than 5 minutes (or its time unknown): to Entra /authorize with `prompt=login`; ' +
    'its callback comes back here. Already on: to the profile',
  headers: {
    Location: location('Entra\u2019s authorize URL, or the profile'),
    'Set-Cookie': setCookie('`__Host-signin`: the sign-in transaction, 15 minutes'),
  },
};
const toProfile: ResponseDoc = {
  description: 'Nothing to do here (two-step not on, or not pending): to the profile',
  headers: { Location: location('The profile') },
};
const next = z
  .string()
  .optional()
  .describe('Where sign-in was leading (a page of the portal; anything else: the welcome page)');

export const twoStepPageRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/Profile/two-step',
    operationId: 'twoStepEnrollForm',
    summary: 'Turning on two-step verification: the QR code, the secret as text, a "Code" field (fresh sign-in)',
    description:
      'A pending secret (RFC 6238, SHA-1, 30 s, 6 digits) is kept sealed until a first code confirms it; the page ' +
      'shows it as an inline SVG QR code and as text in `data-totp-secret`.',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: z.object({ lang }) },
    responses: { '200': html('The enrollment page'), '303': toFreshSignIn, ...noSession },
  },
  {
    method: 'post',
    path: '/Profile/two-step',
    operationId: 'twoStepConfirm',
    summary: 'Confirms two-step verification with a first code: on, the 10 recovery codes shown once',
    description:
      'Device credentials issued before this stop working. The recovery codes are kept only as hashes, each in ' +
      '`data-recovery-code` on the page.',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: z.object({ lang }) },
    request: { contentType: form, schema: codeForm },
    responses: {
      '200': html('Two-step is on: the recovery codes'),
      '303': toFreshSignIn,
      '400': html('The page again: the code is empty, wrong or already used'),
      ...noSession,
      ...refusedPost,
      '429': locked,
    },
  },
  {
    method: 'get',
    path: '/Profile/two-step/off',
    operationId: 'twoStepOffForm',
    summary: 'Turning off two-step verification: a "Code" field (an app code or a recovery code)',
    description: 'Only when two-step is on; otherwise back to the profile.',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: z.object({ lang }) },
    responses: { '200': html('The form'), '303': toProfile, ...noSession },
  },
  {
    method: 'post',
    path: '/Profile/two-step/off',
    operationId: 'twoStepTurnOff',
    summary: 'Turns two-step verification off with a code or a recovery code',
    description: 'Device credentials issued before this stop working.',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: z.object({ lang }) },
    request: { contentType: form, schema: codeForm },
    responses: {
      '200': html('Two-step is off'),
      '303': toProfile,
      '400': html('The form again: the code is empty, wrong or already used'),
      ...noSession,
      ...refusedPost,
      '429': locked,
    },
  },
  {
    method: 'get',
    path: '/SignIn/two-step',
    operationId: 'signInTwoStepForm',
    summary: 'The code step of sign-in when two-step is on: "Code", "Verify", "No access to the app"',
    description:
      'Entra\u2019s sign-in left the session waiting for its code: every other signed-in page answers 303 here.',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: z.object({ lang, next }) },
    responses: {
      '200': html('The code page'),
      '303': { description: 'No code is awaited: on to `next`', headers: { Location: location('`next`') } },
      ...noSession,
    },
  },
  {
    method: 'post',
    path: '/SignIn/two-step',
    operationId: 'signInTwoStep',
    summary: 'Verifies the code (an app code or a recovery code, each accepted once): the session goes on',
    description: 'One step of clock drift each way; a code already accepted is refused.',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: z.object({ lang, next }) },
    request: { contentType: form, schema: codeForm },
    responses: {
      '303': {
        description: 'The code passed: on to `next`, the session no longer waiting',
        headers: {
          Location: location('`next`'),
          'Set-Cookie': setCookie('`__Host-session`: the same session, verified'),
        },
      },
      '400': html('The page again: the code is empty, wrong or already used'),
      ...noSession,
      ...refusedPost,
      '429': locked,
    },
  },
];
