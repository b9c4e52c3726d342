/** The OpenAPI description of the console's block and unblock on the client sheet (docs/console.md, docs/access.md). */
import { z } from 'zod';
import { html, location, type RouteDoc } from '../openapi.js';
import { clientsPage, forbidden, form, lang, toSignIn } from './console-parts.js';

const clientId = z.object({ clientId: z.string().describe('The client\u2019s id (a UUID)') });
const notFound = html(
  'No such client for the professional\u2019s provider (another provider\u2019s, or unknown), or the console is not configured',
);

const routes = (action: 'block' | 'unblock'): RouteDoc[] => {
  const Action = action === 'block' ? 'Block' : 'Unblock';
  const done = action === 'block' ? 'blocked' : 'unblocked';
  return [
    {
      method: 'get',
      path: `/console/clients/{clientId}/${action}`,
      operationId: `consoleClient${Action}Form`,
      summary: `${Action} a client: its form (an optional reason)`,
      description: 'Says what it does and asks for an optional reason, for the provider\u2019s professionals only.',
      ...clientsPage,
      parameters: { path: clientId, query: z.object({ lang }) },
      responses: { '200': html('The form'), '303': toSignIn, '403': forbidden, '404': notFound },
    },
    {
      method: 'post',
      path: `/console/clients/{clientId}/${action}`,
      operationId: `consoleClient${Action}`,
      summary: `${Action}s the client (the API\u2019s use case)`,
      description: `\`changeClientAccess\`, as \`POST /api/clients/{id}/${action}\`. Doing it again changes nothing.`,
      ...clientsPage,
      parameters: { path: clientId, query: z.object({ lang }) },
      request: {
        contentType: form,
        schema: z.object({
          csrf: z.string().describe('The session\u2019s CSRF token, from the page\u2019s form'),
          formToken: z.string().optional().describe('The form\u2019s one-time token (a UUID)'),
          reason: z.string().optional().describe('At most 500 characters'),
        }),
      },
      responses: {
        '303': {
          description: `Done: to the sheet\u2019s access tab, \`?done=${done}\``,
          headers: { Location: location('The client\u2019s sheet') },
        },
        '400': html('The reason is too long: the form again, saying so'),
        '403': html('Cross-site post, not the session\u2019s CSRF token, no role or provider'),
        '404': notFound,
        '409': html('The client was merged, or the file kept changing: the form again, saying so'),
        '413': html('Form too large'),
        '415': html('Not a form'),
      },
    },
  ];
};

export const consoleClientAccessRoutes: RouteDoc[] = [...routes('block'), ...routes('unblock')];
