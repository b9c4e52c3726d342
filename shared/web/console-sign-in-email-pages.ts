/**
 * "Changer l'adresse de connexion / Change sign-in email" on the sheet of a client who signed in (docs/profile.md
 * "Sign-in email", proposed by a professional): the sheet's action, and the form — the new address, labelled, with its
 * hint and its error tied to it.
 */
import type { ClientFile } from '../domain/client-file.js';
import type { Locale } from '../domain/locale.js';
import type { EmailChangeRequestProblem } from '../domain/use-cases/change-sign-in-email.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { type ConsoleFrame, consoleHref, renderConsolePage } from './console-pages.js';
import { consoleSignInEmailMessages } from './messages/console-sign-in-email.js';

export type ConsoleSignInEmailProblem = EmailChangeRequestProblem | 'no-account' | { rateLimitedSeconds: number };

const sheetPath = (clientId: string) => `/api/console/clients/${encodeURIComponent(clientId)}`;
export const clientSignInEmailPath = (clientId: string) => `${sheetPath(clientId)}/sign-in-email`;

/** The sheet's action: only a file whose person signed in has a sign-in address. */
export function signInEmailAction(file: ClientFile, locale: Locale): SafeHtml | null {
  if (!file.accountKey || file.access?.status === 'merged') return null;
  return html`<a href="${consoleHref(clientSignInEmailPath(file.id), locale)}" data-change-sign-in-email>${consoleSignInEmailMessages[locale].action}</a>`;
}

function problemText(locale: Locale, problem: ConsoleSignInEmailProblem): string {
  const t = consoleSignInEmailMessages[locale].errors;
  if (typeof problem === 'object') return t['rate-limited'](Math.max(1, Math.ceil(problem.rateLimitedSeconds / 60)));
  return t[problem];
}

export function renderConsoleSignInEmail(
  frame: ConsoleFrame,
  view: { file: ClientFile; name: string; typed?: string; problem?: ConsoleSignInEmailProblem },
): SafeHtml {
  const t = consoleSignInEmailMessages[frame.locale];
  const { problem } = view;
  const kind = problem === undefined ? undefined : typeof problem === 'object' ? 'rate-limited' : problem;
  const current = view.file.emails.signIn ?? view.file.emails.primary ?? '—';
  return renderConsolePage(frame, {
    title: t.title(view.name),
    body: html`<p class="lead">${t.lead(view.name, current)}</p>
${
  problem === undefined
    ? null
    : html`<div class="error-summary" role="alert" tabindex="-1" data-problem="${kind}"><h2>${t.errors.heading}</h2><p><a href="#email">${problemText(frame.locale, problem)}</a></p></div>`
}
<form method="post" action="${consoleHref(clientSignInEmailPath(view.file.id), frame.locale)}" novalidate>
<input type="hidden" name="csrf" value="${frame.csrf}">
<div class="field">
<label for="email">${t.label}</label>
<p id="email-hint" class="hint">${t.hint}</p>
<input type="email" id="email" name="email" autocomplete="off" spellcheck="false" autocapitalize="none" maxlength="254" value="${view.typed ?? ''}" aria-describedby="email-hint${problem === undefined ? '' : ' email-error'}"${problem === undefined ? null : raw(' aria-invalid="true"')} required>
<p id="email-error" class="field-error" aria-live="polite">${problem === undefined ? '' : problemText(frame.locale, problem)}</p>
</div>
<p class="actions"><button type="submit" class="button">${t.submit}</button> <a href="${consoleHref(sheetPath(view.file.id), frame.locale)}">${t.cancel}</a></p>
</form>`,
  });
}
