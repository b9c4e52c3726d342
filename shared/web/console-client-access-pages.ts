/**
 * The console's block and unblock (docs/console.md, docs/access.md): the form each opens from the sheet's access
 * tab — what it does, an optional reason (for colleagues only), the session's CSRF token and a one-time form token —
 * and, after it, the sheet saying so (`?done=blocked|unblocked`).
 */
import type { ClientFile } from '../domain/client-file.js';
import { html, type SafeHtml } from '../http/html.js';
import { CLIENTS_CSS, clientName, clientSheetPath } from './console-clients-pages.js';
import { type ConsoleFrame, consoleHref, renderConsolePage } from './console-pages.js';
import { consoleAccessMessages } from './messages/console-access.js';

export type AccessAction = 'block' | 'unblock';

export const clientAccessPath = (clientId: string, action: AccessAction) => `${clientSheetPath(clientId)}/${action}`;

export interface ClientAccessFormView {
  file: Pick<ClientFile, 'id' | 'firstName' | 'lastName'>;
  action: AccessAction;
  formToken: string;
  reason?: string | undefined;
  /** Why the form came back: the reason too long, the client merged, or the file changed meanwhile. */
  problem?: 'reason-too-long' | 'merged' | 'try-again' | undefined;
}

export function renderClientAccessForm(frame: ConsoleFrame, view: ClientAccessFormView): SafeHtml {
  const t = consoleAccessMessages[frame.locale];
  const name = clientName(view.file, frame.locale);
  const block = view.action === 'block';
  const fieldError = view.problem === 'reason-too-long' ? t.reasonTooLong : '';
  const alert = view.problem === 'merged' ? t.merged : view.problem === 'try-again' ? t.tryAgain : undefined;
  return renderConsolePage(frame, {
    title: block ? t.blockTitle(name) : t.unblockTitle(name),
    css: CLIENTS_CSS,
    body: html`${alert && html`<div class="error-summary" role="alert" data-refusal="${view.problem}"><p>${alert}</p></div>`}
<p class="lead">${block ? t.blockLead(name) : t.unblockLead(name)}</p>
<form method="post" action="${consoleHref(clientAccessPath(view.file.id, view.action), frame.locale)}">
<input type="hidden" name="csrf" value="${frame.csrf}">
<input type="hidden" name="formToken" value="${view.formToken}">
<div class="field">
<label for="access-reason">${t.reason} <span class="optional">${t.optional}</span></label>
<p id="access-reason-hint" class="hint">${t.reasonHint}</p>
<textarea id="access-reason" name="reason" rows="3" maxlength="500" aria-describedby="access-reason-hint access-reason-error"${
      fieldError ? html` aria-invalid="true"` : null
    }>${view.reason ?? ''}</textarea>
<p id="access-reason-error" class="field-error" aria-live="polite">${fieldError}</p>
</div>
<p class="actions"><button type="submit" class="button">${block ? t.block : t.unblock}</button>
<a class="button secondary" href="${consoleHref(clientSheetPath(view.file.id), frame.locale, { tab: 'access' })}">${t.cancel}</a></p>
</form>`,
  });
}
