/**
 * The OpenAPI document of the service: every route's description (shared/http/routes/) and what the document says
 * of itself. `GET /api/openapi.json` serves it; `npm run lint` lints it (scripts/lint-openapi.ts); a unit test
 * requires every route the app registers to be in it (test/unit/openapi-document.test.ts).
 */
import { buildOpenApi, type RouteDoc } from './openapi.js';
import { sendActivationSmsRoute } from './routes/activation-sms.js';
import { clientAccessRoutes } from './routes/client-access.js';
import { clientRoutes } from './routes/clients.js';
import { consoleRoutes } from './routes/console.js';
import { deviceRoutes } from './routes/devices.js';
import { healthRoute, openApiRoute } from './routes/health.js';
import {
  getInvitationRoute,
  invitationBatchRoute,
  inviteUserRoutes,
  listInvitationsRoute,
  resendInvitationRoute,
  revokeInvitationRoute,
} from './routes/invitations.js';
import { mergeRoutes } from './routes/merge.js';
import { pageRoutes } from './routes/pages.js';
import { passwordPageRoutes, proposeSignInEmailRoute, temporaryPasswordRoute } from './routes/passwords.js';
import { resetPasswordRoutes } from './routes/reset-password.js';
import { twoStepPageRoutes } from './routes/two-step.js';
import { consoleTwoStepRoutes, twoStepRoutes } from './routes/two-step-help.js';
export const apiRoutes: RouteDoc[] = [
  healthRoute,
  openApiRoute,
  ...inviteUserRoutes,
  listInvitationsRoute,
  getInvitationRoute,
  resendInvitationRoute,
  revokeInvitationRoute,
  invitationBatchRoute,
  ...clientRoutes,
  ...clientAccessRoutes,
  ...twoStepRoutes,
  ...consoleTwoStepRoutes,
  sendActivationSmsRoute,
  ...pageRoutes,
  ...resetPasswordRoutes,
  ...consoleRoutes,
  ...deviceRoutes,
  temporaryPasswordRoute,
  proposeSignInEmailRoute,
  ...passwordPageRoutes,
  ...twoStepPageRoutes,

  ...mergeRoutes,
];

export const API_TAGS = [
  { name: 'invitations', description: 'Professionals invite people and follow their invitations (bearer token)' },
  {
    name: 'clients',
    description:
      'Professionals keep client files: create, edit, search, the client sheet; the activation SMS (bearer token, or the app)',
  },
  { name: 'invitation link', description: 'The link of the invitation email: its page and its new-link form' },
  { name: 'onboarding', description: 'The invitee accepts, signs in or up with Entra, and creates their company' },
  { name: 'sign-in', description: 'A client signs in again, picks a company, signs out' },
  { name: 'console', description: 'The professional console: sign-in through the workforce tenant, its pages' },
  {
    name: 'mobile app',
    description: 'The mobile app: device activation and credentials, versions (docs/mobile-app.md)',
  },
  { name: 'assets', description: 'The browser modules the pages load' },
  { name: 'ops', description: 'Health and this document' },
];

/** The document, its server at `serverUrl` (PUBLIC_BASE_URL + `/api`). */
export function apiDocument(serverUrl: string) {
  return buildOpenApi(apiRoutes, {
    title: 'Client onboarding API',
    version: '1',
    description:
      'Client invitation, onboarding and account access. Errors are RFC 9457 problem details ' +
      '(`application/problem+json`); browser routes answer HTML pages in French (default) or English (`?lang=en`).',
    contact: { name: 'Client onboarding team' },
    license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    serverUrl,
    tags: API_TAGS,
  });
}
