/**
 * The parts every console route's description shares (shared/http/routes/console.ts and the pages' own files): the
 * `lang` query, the form's media type, the answer without a session, and the 403 page.
 */
import { z } from 'zod';
import { LOCALES } from '../../domain/locale.js';
import { type HeaderDoc, html, location, type ResponseDoc, type RouteDoc } from '../openapi.js';

export const lang = z
  .enum(LOCALES)
  .optional()
  .describe('The page\u2019s language (else the session\u2019s, the browser\u2019s, French); links and forms keep it');
export const setCookie = (description: string): HeaderDoc => ({ description, schema: z.string() });
export const form = 'application/x-www-form-urlencoded';

/** No session, an idle or signed-out one: to the console's sign-in, then back to the page asked for. */
export const toSignIn: ResponseDoc = {
  description: 'No console session (or expired, idle, signed out): to `/api/console/sign-in?back=<this page>`',
  headers: {
    Location: location('The console\u2019s sign-in, with the page to come back to'),
    'Set-Cookie': setCookie('`__Host-console` cleared, when there was one'),
  },
};

/** The page's role lacking, or no provider to act for. */
export const forbidden = html(
  'The professional lacks the page\u2019s role, or acts for no provider: a page saying which',
);

/** A console page of the invitations: its tag, the console session, and the role it declares (`x-console-role`). */
export const invitationsPage: Pick<RouteDoc, 'tags' | 'cookie' | 'consoleRole'> = {
  tags: ['console'],
  cookie: 'console-session',
  consoleRole: 'Invitations.Send',
};

/** A console page of the clients: its tag, the console session, and the role it declares (`x-console-role`). */
export const clientsPage: Pick<RouteDoc, 'tags' | 'cookie' | 'consoleRole'> = {
  tags: ['console'],
  cookie: 'console-session',
  consoleRole: 'Clients.Manage',
};
