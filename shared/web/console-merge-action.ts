/**
 * What the client sheet shows of merging (docs/merge.md): the "Merge" action of a file not merged, and, on a merged
 * file, into which file — kept apart from the merge's pages so the sheet imports no more than this.
 */
import type { ClientFile } from '../domain/client-file.js';
import type { Locale } from '../domain/locale.js';
import { html, type SafeHtml } from '../http/html.js';
import { consoleHref } from './console-pages.js';
import { consoleMergeMessages } from './messages/console-merge.js';

/** `/api/console/clients/{clientId}/merge`: the page to pick the file that stays. */
export const clientMergePath = (clientId: string) => `/api/console/clients/${clientId}/merge`;
/** `/api/console/clients/{clientId}/merge/{intoId}`: the confirmation, its form, and the page after it. */
export const clientMergeIntoPath = (clientId: string, intoId: string) => `${clientMergePath(clientId)}/${intoId}`;

/** The sheet's "Fusionner / Merge" link; none on a file already merged. */
export function mergeAction(file: Pick<ClientFile, 'id' | 'access'>, locale: Locale): SafeHtml | null {
  if (file.access?.status === 'merged') return null;
  return html`<a href="${consoleHref(clientMergePath(file.id), locale)}" data-action="merge">${consoleMergeMessages[locale].action}</a>`;
}

/** On a merged file's access tab: the file it was merged into (a link to its sheet). */
export function mergedIntoFact(
  access: { status: string; into?: string },
  locale: Locale,
  keptName?: string,
): SafeHtml | null {
  if (access.status !== 'merged' || !access.into || !/^[0-9a-f-]{36}$/i.test(access.into)) return null;
  const t = consoleMergeMessages[locale];
  return html`<dt>${t.mergedInto}</dt><dd data-field="into"><a href="${consoleHref(`/api/console/clients/${access.into}`, locale)}">${keptName ?? t.mergedIntoLink}</a></dd>`;
}
