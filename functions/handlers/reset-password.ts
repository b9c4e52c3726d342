/**
 * `POST /api/ResetPassword` (`{ email }`, JSON or the page's form) and its pages, `GET /api/ResetPassword` (the email
 * form) and `GET /api/ResetPassword?token=` (the new-password form of the emailed link).
 *
 * The POST answers the same 202 — status, body, headers — for every well-formed address, with or without an account,
 * limited or not: it takes the per-IP limit and queues the request, nothing else (ProcessResetRequest does the rest).
 * The link's GET reads the link and changes nothing (mail scanners open links): the form, or why the link no longer
 * works (410 used or expired, 404 unknown) with the email form to get a new one.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { type Deps, getDeps } from '../../shared/deps.js';
import type { Locale } from '../../shared/domain/locale.js';
import { RESET_TOKEN_TTL_MS } from '../../shared/domain/password-reset.js';
import { requestPasswordReset, viewResetLink } from '../../shared/domain/use-cases/reset-password.js';
import { languageSwitch, pageLocale, requireBrowserPost } from '../../shared/http/browser.js';
import { clientAddress } from '../../shared/http/client-address.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { readJson } from '../../shared/http/request.js';
import { resetRequestFormSchema, resetRequestSchema } from '../../shared/http/reset-password-schema.js';
import { jsonResponse, pageResponse } from '../../shared/http/respond.js';
import type { Logger } from '../../shared/log.js';
import {
  RESET_PASSWORD_PATH,
  renderChoosePasswordPage,
  renderResetLinkProblemPage,
  renderResetRefusedPage,
  renderResetRequestPage,
  renderResetSentPage,
} from '../../shared/web/reset-password-pages.js';

type ResetPasswordDeps = Pick<Deps, 'settings' | 'passwordReset'>;

const TTL_MINUTES = RESET_TOKEN_TTL_MS / 60_000;

const isForm = (request: HttpRequest) =>
  /^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '');

/** The same work for every address: the per-IP limit, the queued request. What happened goes to the logs only. */
async function requestReset(
  deps: ResetPasswordDeps,
  request: HttpRequest,
  ask: { email: string; locale: Locale },
  log: Logger,
) {
  const outcome = await requestPasswordReset(deps.passwordReset.request, {
    ...ask,
    clientAddress: clientAddress(request),
  });
  if (outcome.kind === 'ip-limited') log.warn('security.limit.reset-password-ip', {});
  else log.info('password-reset.queued', {});
}

async function post(request: HttpRequest, deps: ResetPasswordDeps, log: Logger): Promise<HttpResponseInit> {
  if (!isForm(request)) {
    const body = await readJson(request, resetRequestSchema);
    await requestReset(deps, request, { email: body.email, locale: pageLocale(request) }, log);
    return jsonResponse(202, { status: 'accepted' });
  }
  const submitted = await requireBrowserPost(
    request,
    { publicBaseUrl: deps.settings.PUBLIC_BASE_URL },
    { log, refusal: (status) => pageResponse(status, renderResetRefusedPage(pageLocale(request))) },
  );
  if (!submitted.accepted) return submitted.refusal;
  const locale = pageLocale(request, null, submitted.fields.get('lang'));
  const form = resetRequestFormSchema.safeParse(Object.fromEntries(submitted.fields.entries()));
  if (!form.success) return pageResponse(400, renderResetRequestPage({ locale, invalid: true }));
  await requestReset(deps, request, { email: form.data.email, locale }, log);
  return pageResponse(202, renderResetSentPage({ locale, ttlMinutes: TTL_MINUTES }));
}

async function get(request: HttpRequest, deps: ResetPasswordDeps): Promise<HttpResponseInit> {
  const token = request.query.get('token');
  if (token === null) {
    const locale = pageLocale(request);
    return pageResponse(
      200,
      renderResetRequestPage({ locale, languageSwitch: languageSwitch(RESET_PASSWORD_PATH, {}) }),
    );
  }
  const view = await viewResetLink(deps.passwordReset.confirm, token);
  const locale = pageLocale(request, view.kind === 'unknown' ? null : view.locale);
  const switcher = languageSwitch(RESET_PASSWORD_PATH, { token });
  switch (view.kind) {
    case 'unknown':
      return pageResponse(404, renderResetLinkProblemPage({ locale, problem: 'unknown', languageSwitch: switcher }));
    case 'used':
    case 'expired':
      return pageResponse(410, renderResetLinkProblemPage({ locale, problem: view.kind, languageSwitch: switcher }));
    case 'usable':
      return pageResponse(
        200,
        renderChoosePasswordPage({ locale, token, owner: view.owner, languageSwitch: switcher }),
      );
  }
}

export const resetPasswordHandler: Handler<ResetPasswordDeps> = async (request, _context, deps, log) =>
  request.method === 'GET' || request.method === 'HEAD' ? get(request, deps) : post(request, deps, log);

/** `ResetPassword` as the host calls it (registered by functions/reset-password.ts, which imports this module on the first call). */
export const handler = edge(resetPasswordHandler, getDeps);
