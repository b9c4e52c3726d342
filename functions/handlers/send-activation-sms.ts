/**
 * `POST /api/SendActivationSms`. With an `Authorization` header: a professional (bearer token, `Clients.Manage`)
 * sends `{ clientId }` and gets `202 { sentTo, expiresAt }` or the refusal (an invalid token is 401, as everywhere).
 * Without one: the mobile app sends `{ identificationCode }` and always gets the same `202 { status: "accepted" }`,
 * whatever happened; what did happen is logged (never the code, never the number). A spent daily budget is logged
 * as an alert (`sms-budget-exhausted`) on both paths, and so is the SMS that brings it to 80 % or 100 %
 * (`sms-budget-reached`).
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { sendActivationSms, sendActivationSmsFromApp } from '../../shared/domain/use-cases/send-activation-sms.js';
import { appSmsRequestSchema, professionalSmsRequestSchema } from '../../shared/http/activation-sms-schema.js';
import { type AppVersionSettings, requireSupportedAppVersion } from '../../shared/http/app-version.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';
import { logSmsBudgetReached } from '../../shared/http/sms-budget-events.js';
import type { Logger } from '../../shared/log.js';

type SmsHandlerDeps = Pick<Deps, 'auth' | 'activationSms' | 'idempotency'> & { settings: AppVersionSettings };

/** The alert ops are paged on: the service's daily SMS budget is spent, SMS stop until it renews. */
function budgetAlert(log: Logger, path: 'professional' | 'app') {
  log.error('sms-budget-exhausted', { event: 'sms-budget-exhausted', alert: true, path });
}

const professionalPath = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: SmsHandlerDeps, log) => {
    const body = await readJson(request, professionalSmsRequestSchema);
    const send = deps.activationSms.send;
    return withIdempotency(
      deps.idempotency,
      {
        key: request.headers.get('idempotency-key'),
        scope: `activation-sms|${professional.providerId}|${body.clientId}`,
        request: JSON.stringify(body),
        now: send.clock.now(),
      },
      async () => {
        try {
          const sent = await sendActivationSms(send, professional, body.clientId);
          log.info('activation-sms.queued', { path: 'professional', clientId: body.clientId, by: professional.oid });
          logSmsBudgetReached(log, sent.budgetReached, send.smsDailyBudget, 'professional');
          return jsonResponse(202, { sentTo: sent.sentTo, expiresAt: sent.expiresAt.toISOString() });
        } catch (error) {
          if (error instanceof DomainError && error.code === 'sms-budget-exhausted') budgetAlert(log, 'professional');
          if (error instanceof DomainError && error.code === 'rate-limited') {
            log.warn('activation-sms.limited', { path: 'professional', clientId: body.clientId, by: professional.oid });
          }
          throw error;
        }
      },
    );
  },
);

/** The app's answer: the same status, body and headers whatever happened. */
const accepted = () => jsonResponse(202, { status: 'accepted' });

export const sendActivationSmsHandler: Handler<SmsHandlerDeps> = async (request, context, deps, log) => {
  if (request.headers.has('authorization')) return professionalPath(request, context, deps, log);
  // The app's version first (426 below the minimum, docs/mobile-app.md): it depends on the header alone.
  requireSupportedAppVersion(request, deps.settings);
  const body = await readJson(request, appSmsRequestSchema);
  const outcome = await sendActivationSmsFromApp(deps.activationSms.send, body.identificationCode);
  if (outcome.kind === 'queued') {
    log.info('activation-sms.queued', { path: 'app', clientId: outcome.clientId, providerId: outcome.providerId });
    logSmsBudgetReached(log, outcome.budgetReached, deps.activationSms.send.smsDailyBudget, 'app');
  } else if (outcome.reason === 'sms-budget-exhausted') {
    budgetAlert(log, 'app');
  } else if (outcome.reason === 'rate-limited') {
    log.warn('activation-sms.limited', { path: 'app' });
  } else {
    log.info('activation-sms.not-sent', { path: 'app', reason: outcome.reason });
  }
  return accepted();
};

/** `SendActivationSms` as the host calls it (registered by functions/send-activation-sms.ts, which imports this module on the first call). */
export const handler = edge(sendActivationSmsHandler, getDeps);
