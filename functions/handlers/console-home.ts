/**
 * `GET /api/console`: the console's Home — what the professional cares about in their provider's invitations
 * (pending, expiring within 48 hours, email not delivered, accepted this week), for their own provider only.
 */
import { getDeps } from '../../shared/deps.js';
import { consoleHome } from '../../shared/domain/use-cases/console.js';
import { consoleEdgeDeps, consoleFrame, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { renderConsoleHome } from '../../shared/web/console-pages.js';

export const consoleHomeHandler = consolePage(
  'Invitations.Send',
  async (visit) => {
    const counts = await consoleHome(visit.console, visit.professional.providerId);
    return page(
      200,
      renderConsoleHome(consoleFrame(visit, 'home', '/api/console'), { providerName: visit.provider.name, counts }),
    );
  },
  // A professional who manages clients but sends no invitations lands on the clients' search.
  { otherwise: { role: 'Clients.Manage', path: '/api/console/clients' } },
);

/** `ConsoleHome` as the host calls it (registered by functions/console-home.ts, which imports this module on the first call). */
export const handler = edge(consoleHomeHandler, () => consoleEdgeDeps(getDeps()));
