/**
 * The confirmation form of "Turn off two-step verification" (docs/two-step-help.md): an optional reason, the
 * session's CSRF token, a one-time form token. The sheet's section is console-two-step-section.ts.
 */
import type { ClientFile } from '../domain/client-file.js';
import { html, type SafeHtml } from '../http/html.js';
import { CLIENTS_CSS, clientName, clientSheetPath } from './console-clients-pages.js';
import { type ConsoleFrame, consoleHref, renderConsolePage } from './console-pages.js';
import { twoStepOffPath } from './console-two-step-section.js';
import { consoleTwoStepMessages } from './messages/console-two-step.js';

export interface TwoStepOffFormView {
  file: Pick<ClientFile, 'id' | 'firstName' | 'lastName'>;
  formToken: string;
  reason?: string | undefined;
  problem?: 'reason-too-long' | 'not-on' | 'no-account' | 'try-again' | undefined;
}

export function renderTwoStepOffForm(frame: ConsoleFrame, view: TwoStepOffFormView): SafeHtml {
  const t = consoleTwoStepMessages[frame.locale];
  const name = clientName(view.file, frame.locale);
  const fieldError = view.problem === 'reason-too-long' ? t.reasonTooLong : '';
  const alert =
    view.problem === 'not-on'
      ? t.notOn
      : view.problem === 'no-account'
        ? t.noAccountRefusal
        : view.problem === 'try-again'
          ? t.tryAgain
          : undefined;
  return renderConsolePage(frame, {
    title: t.title(name),
    css: CLIENTS_CSS,
    body: html`${alert && html`<div class="error-summary" role="alert" data-refusal="${view.problem}"><p>${alert}</p></div>`}
<p class="lead">${t.lead(name)}</p>
<form method="post" action="${consoleHref(twoStepOffPath(view.file.id), frame.locale)}">
<input type="hidden" name="csrf" value="${frame.csrf}">
<input type="hidden" name="formToken" value="${view.formToken}">
<div class="field">
<label for="two-step-reason">${t.reason} <span class="optional">${t.optional}</span></label>
<p id="two-step-reason-hint" class="hint">${t.reasonHint}</p>
<textarea id="two-step-reason" name="reason" rows="3" maxlength="500" aria-describedby="two-step-reason-hint two-step-reason-error"${
      fieldError ? html` aria-invalid="true"` : null
    }>${view.reason ?? ''}</textarea>
<p id="two-step-reason-error" class="field-error" aria-live="polite">${fieldError}</p>
</div>
<p class="actions"><button type="submit" class="button">${t.submit}</button>
<a class="button secondary" href="${consoleHref(clientSheetPath(view.file.id), frame.locale, { tab: 'access' })}">${t.cancel}</a></p>
</form>`,
  });
}
