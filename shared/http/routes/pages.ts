/** The OpenAPI description of the browser routes (onboarding and sign-in): pages and redirects. */
import type { RouteDoc } from '../openapi.js';

const html = (description: string) => ({ description, contentType: 'text/html' });

/** The browser side of onboarding and sign-in: pages and redirects, described for completeness. */
export const pageRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/AcceptInvitation',
    operationId: 'acceptInvitation',
    summary: 'The landing page form (invitationId, key, lang): 303 to the Entra sign-in (sign-up for a new email)',
    tags: ['onboarding'],
    responses: {
      '303': { description: 'To Entra /authorize' },
      '403': html('Cross-site post'),
      '404': html('Invalid link'),
      '429': html('Too many clicks (per invitation or per client address); Retry-After'),
    },
  },
  {
    method: 'get',
    path: '/AcceptInvitation/callback',
    operationId: 'acceptInvitationCallback',
    summary: "Entra's redirect: verifies the sign-in and accepts the invitation once",
    tags: ['onboarding'],
    responses: {
      '303': { description: 'To /api/CreateCompany, with the session cookie' },
      '400': html('Missing, replayed or foreign state'),
      '403': html('Another account than the invited one (offers to sign in as the invited address)'),
      '410': html('Expired or revoked invitation'),
    },
  },
  {
    method: 'get',
    path: '/CreateCompany',
    operationId: 'createCompanyForm',
    summary: 'The prefilled company form',
    tags: ['onboarding'],
    responses: { '200': html('The form'), '401': html('No session') },
  },
  {
    method: 'post',
    path: '/CreateCompany',
    operationId: 'createCompany',
    summary: 'Creates the company (idempotent) and completes the invitation; session + CSRF token',
    tags: ['onboarding'],
    responses: {
      '303': { description: 'To /api/Welcome' },
      '400': { description: 'Invalid fields: the form again, or problem+json for Accept: application/json' },
      '403': html('Cross-site post or wrong CSRF token'),
    },
  },
  {
    method: 'get',
    path: '/Welcome',
    operationId: 'welcome',
    summary: "The client's home",
    tags: ['onboarding'],
    responses: { '200': html('Welcome') },
  },
  {
    method: 'get',
    path: '/SignIn',
    operationId: 'signIn',
    summary:
      'Sign in again (`client`, `societe` as in seed 003): 303 to Entra, then home, the picker or why access is refused',
    tags: ['sign-in'],
    responses: { '303': { description: 'To Entra /authorize' } },
  },
  {
    method: 'post',
    path: '/SignOut',
    operationId: 'signOut',
    summary: 'Ends the session (CSRF token)',
    tags: ['sign-in'],
    responses: { '200': html('Signed out') },
  },
];
