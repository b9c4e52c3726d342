/**
 * The forms behind the invitation link (the landing page's "Accept", the expired page's "Send me a new link"):
 * same-origin posts only, with the link (invitation id + key) and the page's language.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Locale } from '../domain/locale.js';
import type { Logger } from '../log.js';
import { renderErrorPage } from '../web/invitation-pages.js';
import { pageLocale, requireBrowserPost } from './browser.js';
import { type LinkForm, linkForm } from './link-form-schema.js';
import { pageResponse } from './respond.js';

export { type LinkForm, linkForm } from './link-form-schema.js';

/** The link the form carries (none when it is malformed), the page's language, or the page refusing the post. */
export async function readLinkForm(
  request: HttpRequest,
  publicBaseUrl: string,
  log: Logger,
): Promise<{ form?: LinkForm; locale: Locale; refusal?: HttpResponseInit }> {
  const refusal = (status: number) => pageResponse(status, refusedPage(pageLocale(request)));
  const post = await requireBrowserPost(request, { publicBaseUrl }, { log, refusal });
  if (!post.accepted) return { locale: pageLocale(request), refusal: post.refusal };
  const parsed = linkForm.safeParse(Object.fromEntries(post.fields.entries()));
  const locale = pageLocale(request, null, post.fields.get('lang'));
  return parsed.success ? { form: parsed.data, locale } : { locale };
}

function refusedPage(locale: Locale) {
  const title = locale === 'fr' ? 'Requête refusée' : 'Request refused';
  const message =
    locale === 'fr'
      ? 'Ce formulaire doit être envoyé depuis la page de l’invitation. Rouvrez le lien reçu par e-mail.'
      : 'This form must be sent from the invitation page. Open the link from your email again.';
  return renderErrorPage({ locale, title, message });
}
