/**
 * The frame of every browser page: an HTML5 document with the platform's name, a language switch, the page's
 * heading and a footer, styled by one inline stylesheet (the CSP allows inline styles, never inline scripts).
 * The primary button is the orange of seed 002 when it can be used and grey when it cannot; #C2410C is used
 * rather than #E8590C because white on #E8590C is only 3.6:1 and white on #C2410C is 5.2:1 (WCAG AA needs 4.5).
 * Every page fits a 320 px screen whatever people typed: text may break inside a word that does not fit its line
 * (`overflow-wrap:anywhere` on the body, which also lets flex and grid items shrink below a long address), and no
 * flex or grid track keeps a minimum wider than its container (test/e2e/narrow-screens.test.ts).
 */
import type { Locale } from '../domain/locale.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import type { Catalogs } from './i18n.js';
import {
  PORTAL_SHELL_CSS,
  renderBottomNotice,
  renderSwitchAccount,
  renderTopNotice,
  type SignedInShell,
} from './portal-shell.js';

const layoutMessages = {
  en: { defaultBrand: 'Client invitations', language: 'Language', skipToContent: 'Skip to content' },
  fr: { defaultBrand: 'Invitations clients', language: 'Langue', skipToContent: 'Aller au contenu' },
} satisfies Catalogs<{ defaultBrand: string; language: string; skipToContent: string }>;

/** Shared with the other pages (Create Company, Welcome) so the journey looks like one product. */
export const PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#1f2937;font:1rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
a{color:#1d4ed8;text-underline-offset:.15em}
a:hover{color:#1e3a8a}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:3px;border-radius:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:1}
.skip:focus{left:1rem;top:1rem}
.site-header{background:#fff;border-bottom:1px solid #e5e7eb}
.site-header .bar,.site-footer .bar{max-width:44rem;margin:0 auto;padding:1rem 1.25rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
.bar>*{min-width:0}
.brand{font-weight:700;font-size:1.125rem;color:#111827}
.lang ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;margin:0;padding:0}
.lang a{display:inline-block;padding:.375rem .625rem;border-radius:.375rem;color:#1f2937}
.lang a[aria-current]{font-weight:700;background:#f3f4f6;text-decoration:none}
main{max-width:44rem;margin:2rem auto;padding:0 1.25rem}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:.75rem;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.06)}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem;color:#111827}
h2{font-size:1.125rem;line-height:1.3;margin:1.75rem 0 .5rem;color:#111827}
p{margin:0 0 1rem}
.lead{font-size:1.125rem}
.muted{color:#4b5563}
.quote{margin:1.25rem 0;padding:1rem 1.25rem;background:#fff7ed;border-left:4px solid #c2410c;border-radius:0 .5rem .5rem 0}
.quote figcaption{margin-bottom:.375rem;color:#4b5563;font-size:.9375rem}
.quote blockquote{margin:0;font-style:italic}
.facts{display:grid;grid-template-columns:minmax(8rem,max-content) minmax(0,1fr);gap:.375rem 1.25rem;margin:0 0 1rem}
.facts dt{color:#4b5563}
.facts dd{margin:0}
ol.steps{margin:0 0 1rem;padding-left:1.5rem}
ol.steps li{margin-bottom:.375rem}
.notice{padding:.875rem 1rem;border-radius:.5rem;background:#eff6ff;border:1px solid #bfdbfe;margin:0 0 1rem}
.actions{margin:1.75rem 0 1rem}
.button{display:inline-block;min-height:3rem;padding:.8125rem 1.75rem;border:0;border-radius:.5rem;background:#c2410c;color:#fff;font:inherit;font-size:1.0625rem;font-weight:600;line-height:1.4;text-align:center;text-decoration:none;cursor:pointer}
.button:hover{background:#9a3412;color:#fff}
.button:disabled,.button[aria-disabled="true"]{background:#e5e7eb;color:#4b5563;cursor:not-allowed}
.site-footer{color:#4b5563;font-size:.9375rem}
.site-footer p{margin:0}
@media (max-width:36rem){main{margin:1rem auto;padding:0 .75rem}.card{padding:1.25rem}h1{font-size:1.5rem}.button{width:100%}.facts{grid-template-columns:minmax(0,1fr);gap:0}.facts dd{margin-bottom:.5rem}}
`;

/** URLs of the same page in each language. */
export type LanguageSwitch = Record<Locale, string>;

export interface PageOptions {
  locale: Locale;
  /** The page's `<h1>`, also the start of its `<title>`. */
  title: string;
  body: SafeHtml;
  languageSwitch?: LanguageSwitch | undefined;
  /** The platform the person is invited to ("My rConnect"); a neutral name when the page cannot know it. */
  brand?: string | undefined;
  /** Extra footer content, e.g. whom to contact. */
  footer?: SafeHtml | undefined;
  /** A site navigation under the header (the console's). */
  nav?: SafeHtml | undefined;
  /**
   * A signed-in portal page (seed 001): the notice "Signed in as …" at the top (closable) and at the bottom left,
   * and "Switch account" in the header.
   */
  signedIn?: SignedInShell | undefined;
}

const LANGUAGES: ReadonlyArray<{ locale: Locale; name: string }> = [
  { locale: 'fr', name: 'Français' },
  { locale: 'en', name: 'English' },
];

export function renderPage(options: PageOptions): SafeHtml {
  const t = layoutMessages[options.locale];
  const brand = options.brand ?? t.defaultBrand;
  const languageSwitch = options.languageSwitch;
  const signedIn = options.signedIn;
  return html`<!doctype html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light">
<title>${options.title} · ${brand}</title>
<style>${raw(PAGE_CSS)}${signedIn ? raw(PORTAL_SHELL_CSS) : null}</style>
</head>
<body>
<a class="skip" href="#main">${t.skipToContent}</a>
<header class="site-header"><div class="bar">
<span class="brand">${brand}</span>
${
  languageSwitch &&
  html`<nav class="lang" aria-label="${t.language}"><ul>${LANGUAGES.map(
    (language) =>
      html`<li><a href="${safeUrl(languageSwitch[language.locale])}" lang="${language.locale}" hreflang="${language.locale}"${
        language.locale === options.locale ? html` aria-current="true"` : null
      }>${language.name}</a></li>`,
  )}</ul></nav>`
}
${signedIn && renderSwitchAccount(options.locale, signedIn)}
</div>
${signedIn && renderTopNotice(options.locale, signedIn)}
</header>
${options.nav}
<main id="main" tabindex="-1"><div class="card">
<h1>${options.title}</h1>
${options.body}
</div></main>
<footer class="site-footer"><div class="bar">
${signedIn && renderBottomNotice(options.locale, signedIn)}
<p>${brand}</p>
${options.footer}
</div></footer>
</body>
</html>
`;
}

/** Escaped text with its line breaks kept (a personal message typed on several lines). */
export function multiline(text: string): SafeHtml {
  return html`${text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line, i) => (i === 0 ? line : [html`<br>`, line]))}`;
}

/** A `mailto:` link showing the address. */
export function mailtoLink(email: string, style?: string): SafeHtml {
  return html`<a href="mailto:${email}"${style ? html` style="${style}"` : null}>${email}</a>`;
}

/**
 * Guards links built from configuration: only http(s) and relative URLs may become an href, never
 * `javascript:` or `data:`. A bad URL is a programming or configuration error, so it throws.
 */
export function safeUrl(url: string): string {
  const protocol = new URL(url, 'https://relative.invalid/').protocol;
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`Refusing a ${protocol} URL in a link.`);
  return url;
}
