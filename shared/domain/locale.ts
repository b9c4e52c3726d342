/** The languages pages and emails speak. French is the default (the product was born in France). */

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language of a page: `?lang=`, then the invitation's or client's own locale, then the browser's
 * `Accept-Language` (first supported tag by quality), then French.
 */
export function pickLocale(options: {
  query?: string | null;
  own?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(options.query)) return options.query;
  if (isLocale(options.own)) return options.own;
  const ranked = (options.acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale) ?? DEFAULT_LOCALE;
}
