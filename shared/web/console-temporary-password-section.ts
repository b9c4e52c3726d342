/**
 * The client sheet's password section (access tab): which address the account signs in with and which only receive
 * mail — so the professional checks it before acting — and "Generate a temporary password", or why it is not offered
 * (no account yet, or a client of more than one provider). Its own file: the sheet imports it, and the action's pages
 * (console-temporary-password-pages.ts) import the sheet.
 */
import type { ClientFile } from '../domain/client-file.js';
import type { TemporaryPasswordOffer } from '../domain/use-cases/temporary-password.js';
import { html, type SafeHtml } from '../http/html.js';
import { type ConsoleFrame, consoleHref } from './console-pages.js';
import { temporaryPasswordMessages } from './messages/temporary-password.js';

/** The action's confirmation page (GET) and its form's target (POST). */
export const temporaryPasswordPath = (clientId: string) => `/api/console/clients/${clientId}/temporary-password`;

/** The addresses of the file that only receive mail: the primary when it is not the sign-in one, and the others. */
export function mailOnlyEmails(file: Pick<ClientFile, 'emails'>): string[] {
  const { signIn, primary, secondary } = file.emails;
  return [...new Set([...(primary && primary !== signIn ? [primary] : []), ...secondary])].filter((e) => e !== signIn);
}

export function renderTemporaryPasswordSection(
  frame: ConsoleFrame,
  view: { file: ClientFile; offer: TemporaryPasswordOffer },
): SafeHtml {
  const t = temporaryPasswordMessages[frame.locale];
  const { file, offer } = view;
  const others = mailOnlyEmails(file);
  return html`<h3 id="password-heading">${t.heading}</h3>
<dl class="facts">
${file.emails.signIn ? html`<dt>${t.signsInWith}</dt><dd data-field="signs-in-with">${file.emails.signIn}</dd>` : null}
<dt>${t.othersReceiveOnly}</dt><dd data-field="mail-only">${
    others.length > 0 ? html`<ul>${others.map((e) => html`<li>${e}</li>`)}</ul>` : t.noOtherEmails
  }</dd>
</dl>
${
  offer.kind === 'offered'
    ? html`<p class="sheet-actions"><a class="button secondary" href="${consoleHref(temporaryPasswordPath(file.id), frame.locale)}" data-action="temporary-password">${t.action}</a></p>`
    : html`<p class="muted" data-temporary-password="${offer.reason}">${t.notOffered[offer.reason]}</p>`
}`;
}
