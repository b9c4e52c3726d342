/**
 * `GET|POST /api/console/clients/{clientId}/sign-in-email` (role `Clients.Manage`): "Changer l'adresse de connexion /
 * Change sign-in email" on the sheet of a client who signed in — the form, then `proposeSignInEmailChange`: a code to
 * the new address, which the client types on their profile after signing in (docs/profile.md "Sign-in email"); the
 * sheet then says so (`?done=email-proposed`). A refusal is the form again with why. Another provider's client, or an
 * unknown id: the 404 page.
 */
import { getDeps } from '../../shared/deps.js';
import { proposeSignInEmailChange, type SignInEmailDeps } from '../../shared/domain/use-cases/change-sign-in-email.js';
import { findOwnClientFile } from '../../shared/domain/use-cases/client-files.js';
import {
  clientNotFound,
  clientsFrame,
  isClientNotFound,
  routeClientId,
} from '../../shared/http/console-client-page.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { clientName, clientSheetPath } from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';
import { clientSignInEmailPath, renderConsoleSignInEmail } from '../../shared/web/console-sign-in-email-pages.js';
import { CHANGE_EMAIL_PATH } from '../../shared/web/sign-in-email-pages.js';

export type ConsoleClientSignInEmailDeps = ConsoleEdgeDeps & { signInEmail: SignInEmailDeps };

export const consoleClientSignInEmailHandler = consolePage<ConsoleClientSignInEmailDeps>(
  'Clients.Manage',
  async (visit, deps) => {
    const clientId = routeClientId(visit);
    if (!clientId) return clientNotFound(visit);
    const frame = clientsFrame(visit, clientSignInEmailPath(clientId));
    try {
      const found = await findOwnClientFile(deps.signInEmail, visit.professional, clientId);
      const view = { file: found.value, name: clientName(found.value, visit.locale) };
      if (visit.request.method !== 'POST') return page(200, renderConsoleSignInEmail(frame, view));
      const typed = (visit.form?.get('email') ?? '').slice(0, 320);
      const result = await proposeSignInEmailChange(
        deps.signInEmail,
        { providerId: visit.professional.providerId, providerName: visit.provider.name },
        clientId,
        typed,
        (locale) => `${deps.publicBaseUrl}${CHANGE_EMAIL_PATH}?lang=${locale}`,
      );
      if (result.kind === 'code-sent') {
        visit.log.info('security.sign-in-email.proposed', {
          clientId,
          providerId: visit.professional.providerId,
          by: visit.professional.oid,
        });
        return redirect(consoleHref(clientSheetPath(clientId), visit.locale, { done: 'email-proposed' }));
      }
      if (result.kind === 'rate-limited') {
        return page(
          429,
          renderConsoleSignInEmail(frame, {
            ...view,
            typed,
            problem: { rateLimitedSeconds: result.retryAfterSeconds },
          }),
        );
      }
      const status = result.problem === 'taken' || result.problem === 'no-account' ? 409 : 400;
      return page(status, renderConsoleSignInEmail(frame, { ...view, typed, problem: result.problem }));
    } catch (error) {
      if (isClientNotFound(error)) return clientNotFound(visit);
      throw error;
    }
  },
);

/** `ConsoleClientSignInEmail` as the host calls it (registered by functions/console-client-sign-in-email.ts, which imports this module on the first call). */
export const handler = edge(consoleClientSignInEmailHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), signInEmail: deps.signInEmail };
});
