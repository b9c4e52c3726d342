/**
 * Two-step verification on the console's client sheet (docs/two-step-help.md): the access tab's section — on or off,
 * who turned it off and when, the action while it is on. Apart from the form's page (console-two-step-pages.ts), which
 * imports the sheet.
 */
import type { ClientFile } from '../domain/client-file.js';
import { html, type SafeHtml } from '../http/html.js';
import { type ConsoleFrame, consoleHref } from './console-pages.js';
import { formatDateTime } from './i18n.js';
import { consoleTwoStepMessages } from './messages/console-two-step.js';

export const twoStepOffPath = (clientId: string) => `/api/console/clients/${clientId}/two-step/disable`;

/** The sheet's section; `on` undefined: not known (the page that drew the sheet did not read it). */
export function renderTwoStepSection(
  frame: ConsoleFrame,
  view: { file: Pick<ClientFile, 'id' | 'accountKey' | 'twoStepEvents'>; on: boolean | undefined },
): SafeHtml | null {
  if (view.on === undefined) return null;
  const t = consoleTwoStepMessages[frame.locale];
  const events = view.file.twoStepEvents ?? [];
  return html`<section aria-labelledby="two-step-heading" data-section="two-step">
<h3 id="two-step-heading">${t.heading}</h3>
${
  view.file.accountKey
    ? html`<p data-field="two-step" data-state="${view.on ? 'on' : 'off'}">${t.status} <span class="badge">${view.on ? t.on : t.off}</span></p>`
    : html`<p data-field="two-step" data-state="no-account">${t.noAccount}</p>`
}
${
  view.on
    ? html`<p class="actions"><a class="button secondary" data-action="two-step-off" href="${consoleHref(twoStepOffPath(view.file.id), frame.locale)}">${t.action}</a></p>`
    : null
}
${
  events.length > 0
    ? html`<h4>${t.history}</h4><ul data-field="two-step-history">${[...events]
        .reverse()
        .map(
          (e) =>
            html`<li>${t.turnedOff(e.by, formatDateTime(e.at, frame.locale))}${e.reason ? html` ${t.because(e.reason)}` : null}</li>`,
        )}</ul>`
    : null
}
</section>`;
}
