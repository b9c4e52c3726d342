/**
 * `POST /api/ResetPassword/confirm` (the new-password form: `token`, `password`, `confirmation`): the rules checked
 * (400, the form again with what is not met), then the link spent once and the password set through Graph, the
 * account's sessions revoked and the portal's ended, the "password changed" email queued; the seed-004 page then
 * moves on to the sign-in. A used or expired link → 410 with the email form; unknown → 404. A step that failed after
 * the password was set is logged as an alert (`password-reset.follow-up-failed`): the person's password is changed.
 */

import { type Deps, getDeps } from '../../shared/deps.js';
import { checkPassword } from '../../shared/domain/password-rules.js';
import { confirmPasswordReset, viewResetLink } from '../../shared/domain/use-cases/reset-password.js';
import { pageLocale, requireBrowserPost } from '../../shared/http/browser.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { resetConfirmFormSchema } from '../../shared/http/reset-password-schema.js';
import { pageResponse } from '../../shared/http/respond.js';
import {
  renderChoosePasswordPage,
  renderPasswordChangedPage,
  renderResetLinkProblemPage,
  renderResetRefusedPage,
} from '../../shared/web/reset-password-pages.js';

type ConfirmDeps = Pick<Deps, 'settings' | 'passwordReset'>;

export const resetPasswordConfirmHandler: Handler<ConfirmDeps> = async (request, _context, deps, log) => {
  const submitted = await requireBrowserPost(
    request,
    { publicBaseUrl: deps.settings.PUBLIC_BASE_URL },
    { log, refusal: (status) => pageResponse(status, renderResetRefusedPage(pageLocale(request))) },
  );
  if (!submitted.accepted) return submitted.refusal;
  const explicit = submitted.fields.get('lang');
  const form = resetConfirmFormSchema.safeParse(Object.fromEntries(submitted.fields.entries()));
  if (!form.success) {
    return pageResponse(
      404,
      renderResetLinkProblemPage({ locale: pageLocale(request, null, explicit), problem: 'unknown' }),
    );
  }
  const { token, password, confirmation } = form.data;
  const confirm = deps.passwordReset.confirm;
  if (confirmation !== undefined && confirmation !== password) {
    const view = await viewResetLink(confirm, token);
    const locale = pageLocale(request, view.kind === 'unknown' ? null : view.locale, explicit);
    if (view.kind === 'usable') {
      // Every problem at once: the rules the password misses too, not only the mismatch.
      const { unmet } = checkPassword(password, view.owner);
      return pageResponse(
        400,
        renderChoosePasswordPage({
          locale,
          token,
          owner: view.owner,
          mismatch: true,
          ...(unmet.length ? { unmet } : {}),
        }),
      );
    }
    return pageResponse(
      view.kind === 'unknown' ? 404 : 410,
      renderResetLinkProblemPage({ locale, problem: view.kind }),
    );
  }
  const outcome = await confirmPasswordReset(confirm, { token, password });
  const locale = pageLocale(request, outcome.kind === 'unknown' ? null : outcome.locale, explicit);
  switch (outcome.kind) {
    case 'unknown':
      return pageResponse(404, renderResetLinkProblemPage({ locale, problem: 'unknown' }));
    case 'used':
    case 'expired':
      log.info('password-reset.link-refused', { state: outcome.kind });
      return pageResponse(410, renderResetLinkProblemPage({ locale, problem: outcome.kind }));
    case 'rules-unmet':
      return pageResponse(
        400,
        renderChoosePasswordPage({
          locale,
          token,
          owner: outcome.owner,
          unmet: outcome.unmet,
          ...(outcome.rejectedByDirectory ? { rejectedByDirectory: true } : {}),
        }),
      );
    case 'changed':
      for (const failed of outcome.followUpsFailed) {
        log.error('password-reset.follow-up-failed', {
          alert: true,
          objectId: outcome.objectId,
          step: failed.step,
          error: failed.error instanceof Error ? failed.error.message : String(failed.error),
        });
      }
      log.info('password-reset.changed', { objectId: outcome.objectId });
      return pageResponse(200, renderPasswordChangedPage({ locale }));
  }
};

/** `ResetPasswordConfirm` as the host calls it (registered by functions/reset-password-confirm.ts, which imports this module on the first call). */
export const handler = edge(resetPasswordConfirmHandler, getDeps);
