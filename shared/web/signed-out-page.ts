/** The page after signing out: said plainly, with a way back in. */
import type { Locale } from '../domain/locale.js';
import { html, type SafeHtml } from '../http/html.js';
import { renderPage } from './layout.js';

const messages = {
  fr: { title: 'Vous êtes déconnecté', body: 'Votre session est terminée sur cet appareil.', again: 'Se reconnecter' },
  en: { title: 'You are signed out', body: 'Your session has ended on this device.', again: 'Sign in again' },
} satisfies Record<Locale, { title: string; body: string; again: string }>;

export function renderSignedOutPage(view: { locale: Locale; signInUrl: string }): SafeHtml {
  const t = messages[view.locale];
  return renderPage({
    locale: view.locale,
    title: t.title,
    body: html`<p class="lead">${t.body}</p>
<p><a class="button" href="${view.signInUrl}">${t.again}</a></p>`,
  });
}
