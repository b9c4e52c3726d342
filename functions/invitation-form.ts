/**
 * The forms behind the invitation link (the landing page's "Accept", the expired page's "Send me a new link"):
 * same-origin posts only, with the link (invitation id + key) and the page's language.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import type { Locale } from '../shared/domain/locale.js';
import { BrowserRefusal, pageLocale, readForm, requireSameOrigin } from '../shared/http/browser.js';
import { pageResponse } from '../shared/http/respond.js';
import { renderErrorPage } from '../shared/web/invitation-pages.js';

const linkForm = z.object({
  invitationId: z.uuid(),
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  lang: z.enum(['fr', 'en']).optional(),
});

export type LinkForm = z.infer<typeof linkForm>;

export async function readLinkForm(
  request: HttpRequest,
  publicBaseUrl: string,
): Promise<{ form?: LinkForm; locale: Locale; refusal?: HttpResponseInit }> {
  try {
    requireSameOrigin(request, publicBaseUrl);
    const fields = await readForm(request);
    const parsed = linkForm.safeParse(Object.fromEntries(fields.entries()));
    const locale = pageLocale(request, null, fields.get('lang'));
    return parsed.success ? { form: parsed.data, locale } : { locale };
  } catch (error) {
    if (!(error instanceof BrowserRefusal)) throw error;
    const locale = pageLocale(request);
    const title = locale === 'fr' ? 'Requête refusée' : 'Request refused';
    const message =
      locale === 'fr'
        ? 'Ce formulaire doit être envoyé depuis la page de l’invitation. Rouvrez le lien reçu par e-mail.'
        : 'This form must be sent from the invitation page. Open the link from your email again.';
    return { locale, refusal: pageResponse(error.status, renderErrorPage({ locale, title, message })) };
  }
}
