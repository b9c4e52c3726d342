/**
 * The console's temporary password pages: the confirmation (what it does: the current password stops working, the
 * client is signed out and told by email, the password is shown once) and the result, which shows the password once
 * with the address it signs in with. Also the sheet's refusal, when the action is no longer possible.
 */
import type { ClientFile } from '../domain/client-file.js';
import type { TemporaryPasswordRefusal } from '../domain/use-cases/temporary-password.js';
import { html, type SafeHtml } from '../http/html.js';
import { CLIENTS_CSS, clientName, clientSheetPath } from './console-clients-pages.js';
import { COPY_LINK_SCRIPT_SRC } from './console-invite-pages.js';
import { type ConsoleFrame, consoleHref, renderConsolePage } from './console-pages.js';
import { temporaryPasswordPath } from './console-temporary-password-section.js';
import { temporaryPasswordMessages } from './messages/temporary-password.js';

const CSS = `
.secret{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1.5rem;letter-spacing:.08em;
  padding:.75rem 1rem;border:2px solid #1d4ed8;border-radius:.375rem;background:#eff6ff;color:#111827;
  display:inline-block;word-break:break-all;user-select:all}
`;

export function renderTemporaryPasswordConfirm(
  frame: ConsoleFrame,
  view: { file: ClientFile; signInEmail: string },
): SafeHtml {
  const t = temporaryPasswordMessages[frame.locale];
  const { file } = view;
  return renderConsolePage(frame, {
    title: t.confirmTitle,
    css: CLIENTS_CSS,
    body: html`<p class="lead">${t.confirmLead(clientName(file, frame.locale), view.signInEmail)}</p>
<ul>${t.confirmEffects.map((effect) => html`<li>${effect}</li>`)}</ul>
<form method="post" action="${consoleHref(temporaryPasswordPath(file.id), frame.locale)}" class="actions">
<input type="hidden" name="csrf" value="${frame.csrf}">
<button type="submit" class="button">${t.confirm}</button>
<a class="button secondary" href="${consoleHref(clientSheetPath(file.id), frame.locale, { tab: 'access' })}">${t.cancel}</a>
</form>`,
  });
}

export function renderTemporaryPasswordResult(
  frame: ConsoleFrame,
  view: { clientId: string; signInEmail: string; temporaryPassword: string },
): SafeHtml {
  const t = temporaryPasswordMessages[frame.locale];
  return renderConsolePage(frame, {
    title: t.resultTitle,
    css: `${CLIENTS_CSS}${CSS}`,
    body: html`<p class="lead">${t.resultLead(view.signInEmail)}</p>
<div data-copy-link>
<p><span class="muted" id="temporary-password-label">${t.passwordLabel}</span><br>
<output class="secret" aria-labelledby="temporary-password-label" data-temporary-password data-copy-source>${view.temporaryPassword}</output></p>
<p class="actions"><button type="button" class="button secondary" hidden data-copy-button>${t.copy}</button></p>
<p class="form-status" aria-live="polite" data-copy-status data-copied="${t.copied}"></p>
</div>
<script type="module" src="${COPY_LINK_SCRIPT_SRC}"></script>
<p role="status">${t.resultOnce}</p>
<p>${t.resultNext}</p>
<p><a href="${consoleHref(clientSheetPath(view.clientId), frame.locale, { tab: 'access' })}">${t.backToSheet}</a></p>`,
  });
}

/** The action is no longer possible (the client was linked elsewhere meanwhile): the reason, and back to the sheet. */
export function renderTemporaryPasswordRefused(
  frame: ConsoleFrame,
  view: { clientId: string; reason: TemporaryPasswordRefusal },
): SafeHtml {
  const t = temporaryPasswordMessages[frame.locale];
  return renderConsolePage(frame, {
    title: t.refusedTitle,
    body: html`<div class="error-summary" role="alert" data-refusal="${view.reason}"><p>${t.notOffered[view.reason]}</p></div>
<p><a href="${consoleHref(clientSheetPath(view.clientId), frame.locale, { tab: 'access' })}">${t.backToSheet}</a></p>`,
  });
}
