/**
 * `POST /api/console/clients/{clientId}/send-sms` (role `Clients.Manage`): "Send by SMS" on the sheet's mobile app
 * tab — a new activation code to the mobile number on file, through the same use case as `POST /api/SendActivationSms`
 * (`sendActivationSms`: every SECURITY.md limit). Sent: a 303 to the sheet, which says to which masked number and
 * until when the code is valid. Not sent: the sheet saying why — no mobile number (409), not a mobile number of an
 * allowed country (422), the app not offered (409), the client's access blocked, merged away or its provider
 * inactive (409), a limit with when to try again (429, `Retry-After`). A spent
 * daily budget is the service's 503 page (and the alert log line). A double submit of the same form (its one-time
 * `formToken`) is one SMS. Another provider's client: the 404 page.
 */
import type { HttpResponseInit } from '@azure/functions';
import { type Deps, getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ClientFileDeps } from '../../shared/domain/use-cases/client-files.js';
import { sendActivationSms } from '../../shared/domain/use-cases/send-activation-sms.js';
import { clientNotFound, routeClientId, sheetPage } from '../../shared/http/console-client-page.js';
import {
  type ConsoleEdgeDeps,
  type ConsoleVisit,
  consoleEdgeDeps,
  consolePage,
  formRequestKey,
  postedFormToken,
} from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { redirect } from '../../shared/http/respond.js';
import { logSmsBudgetReached } from '../../shared/http/sms-budget-events.js';
import { type ClientSheetNotice, clientSheetPath } from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleClientSendSmsDeps = ConsoleEdgeDeps &
  Pick<Deps, 'activationSms' | 'idempotency'> & { clientFiles: ClientFileDeps };

/** The use case's refusals the sheet explains, with their status. */
function refusalOf(
  error: unknown,
  now: Date,
): { status: number; notice: ClientSheetNotice; retryAfter?: number } | undefined {
  if (!(error instanceof DomainError)) return undefined;
  switch (error.code) {
    case 'no-phone':
      return { status: 409, notice: { kind: 'refused', reason: 'no-phone' } };
    case 'phone-not-allowed':
      return { status: 422, notice: { kind: 'refused', reason: 'phone-not-allowed' } };
    case 'app-not-offered':
      return { status: 409, notice: { kind: 'refused', reason: 'not-offered' } };
    case 'concurrent-update':
      return { status: 409, notice: { kind: 'refused', reason: 'try-again' } };
    case 'client-access-refused': {
      const reason = error.details.reason;
      return reason === 'blocked' || reason === 'merged' || reason === 'provider-inactive'
        ? { status: 409, notice: { kind: 'refused', reason } }
        : undefined;
    }
    case 'rate-limited': {
      const seconds = Math.max(1, Math.ceil(Number(error.details.retryAfterSeconds ?? 60)));
      const retryAt = new Date(now.getTime() + seconds * 1000);
      return { status: 429, notice: { kind: 'refused', reason: 'rate-limited', retryAt }, retryAfter: seconds };
    }
    default:
      return undefined;
  }
}

async function send(visit: ConsoleVisit, deps: ConsoleClientSendSmsDeps, clientId: string): Promise<HttpResponseInit> {
  const professional = visit.professional;
  try {
    const sent = await sendActivationSms(deps.activationSms.send, professional, clientId);
    visit.log.info('console.client.sms-sent', { clientId, providerId: professional.providerId });
    logSmsBudgetReached(visit.log, sent.budgetReached, deps.activationSms.send.smsDailyBudget, 'console');
    // The sheet says to which masked number and until when, from the file the use case wrote.
    return redirect(consoleHref(clientSheetPath(clientId), visit.locale, { tab: 'app', done: 'sms-sent' }));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'client-not-found') return clientNotFound(visit);
    if (error instanceof DomainError && error.code === 'sms-budget-exhausted') {
      visit.log.error('sms-budget-exhausted', { event: 'sms-budget-exhausted', alert: true, path: 'console' });
    }
    const refused = refusalOf(error, deps.clientFiles.clock.now());
    if (!refused) throw error;
    const reason = refused.notice.kind === 'refused' ? refused.notice.reason : 'unknown';
    visit.log.info('console.client.refused', { reason, action: 'send-sms', clientId });
    const headers: Record<string, string> = refused.retryAfter ? { 'Retry-After': String(refused.retryAfter) } : {};
    return sheetPage(
      visit,
      deps.clientFiles,
      clientId,
      refused.status,
      { tab: 'app', notice: refused.notice },
      headers,
    );
  }
}

export const consoleClientSendSmsHandler = consolePage<ConsoleClientSendSmsDeps>(
  'Clients.Manage',
  async (visit, deps) => {
    const clientId = routeClientId(visit);
    if (!clientId) return clientNotFound(visit);
    const professional = visit.professional;
    const answer = await withIdempotency(
      deps.idempotency,
      {
        key: formRequestKey(postedFormToken(visit), clientId),
        scope: `console-sms|${professional.providerId}|${professional.oid}|${clientId}`,
        request: clientId,
        now: deps.clientFiles.clock.now(),
      },
      () => send(visit, deps, clientId),
    );
    // The first request with this form still runs (a double click): the sheet, saying to try again.
    const type = (answer.headers as Record<string, string> | undefined)?.['Content-Type'] ?? '';
    if (type.startsWith('application/problem+json')) {
      return sheetPage(visit, deps.clientFiles, clientId, 409, {
        tab: 'app',
        notice: { kind: 'refused', reason: 'try-again' },
      });
    }
    return answer;
  },
);

/** `ConsoleClientSendSms` as the host calls it (registered by functions/console-client-send-sms.ts, which imports this module on the first call). */
export const handler = edge(consoleClientSendSmsHandler, () => {
  const deps = getDeps();
  return {
    ...consoleEdgeDeps(deps),
    clientFiles: deps.clientFiles,
    activationSms: deps.activationSms,
    idempotency: deps.idempotency,
  };
});
