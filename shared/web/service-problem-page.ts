/**
 * What a browser sees when a request fails on our side (500) or a dependency is unavailable (503): a page in its
 * language that says to try again — never the problem+json an API client gets for the same failure.
 */
import type { Locale } from '../domain/locale.js';
import type { SafeHtml } from '../http/html.js';
import { renderErrorPage } from './invitation-pages.js';

const messages = {
  fr: {
    unavailableTitle: 'Service momentanément indisponible',
    unavailable: (wait: string) =>
      `Nous ne pouvons pas traiter votre demande pour le moment. Rien n’a été perdu\u00a0: réessayez ${wait}.`,
    failedTitle: 'Une erreur est survenue',
    failed: (reference: string) =>
      `Votre demande n’a pas pu aboutir. Réessayez dans un instant\u00a0; si cela se reproduit, donnez cette référence au support\u00a0: ${reference}.`,
    inSeconds: (seconds: number) => `dans ${seconds}\u00a0secondes`,
    shortly: 'dans un instant',
  },
  en: {
    unavailableTitle: 'Service temporarily unavailable',
    unavailable: (wait: string) => `We cannot handle your request right now. Nothing was lost: try again ${wait}.`,
    failedTitle: 'Something went wrong',
    failed: (reference: string) =>
      `Your request could not be completed. Try again in a moment; if it happens again, give this reference to support: ${reference}.`,
    inSeconds: (seconds: number) => `in ${seconds} seconds`,
    shortly: 'in a moment',
  },
} satisfies Record<Locale, unknown>;

export function renderServiceProblemPage(view: {
  locale: Locale;
  status: number;
  retryAfterSeconds?: number | undefined;
  reference: string;
}): SafeHtml {
  const t = messages[view.locale];
  if (view.status === 503) {
    const wait = view.retryAfterSeconds ? t.inSeconds(view.retryAfterSeconds) : t.shortly;
    return renderErrorPage({ locale: view.locale, title: t.unavailableTitle, message: t.unavailable(wait) });
  }
  return renderErrorPage({ locale: view.locale, title: t.failedTitle, message: t.failed(view.reference) });
}
