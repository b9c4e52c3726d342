/** The pages with forms (company, sign-in, access): the layout plus the form stylesheet, and signing out. */
import { html, raw, type SafeHtml } from '../http/html.js';
import { renderPage } from './layout.js';
import type { CompanyMessages } from './messages/company.js';

/** Form controls, hints, errors and the link lists; added to the layout's stylesheet. */
export const FORM_CSS = `
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
legend{padding:0;margin:0 0 .75rem;font-size:1.125rem;font-weight:700;color:#111827}
.field{margin:0 0 1.25rem}
.field>label{display:block;font-weight:600;margin:0 0 .25rem}
.optional{font-weight:400;color:#4b5563}
.hint{margin:0 0 .375rem;color:#4b5563;font-size:.9375rem}
.field input,.field select{display:block;width:100%;min-height:2.75rem;padding:.5rem .75rem;border:2px solid #6b7280;border-radius:.375rem;background:#fff;color:#111827;font:inherit}
.field input[aria-invalid="true"],.field select[aria-invalid="true"]{border-color:#b91c1c}
.field-error{margin:.375rem 0 0;color:#b91c1c;font-weight:600}
.field-error:empty{margin:0}
.error-summary{margin:0 0 1.5rem;padding:1rem 1.25rem;border:3px solid #b91c1c;border-radius:.5rem}
.error-summary h2{margin:0 0 .5rem;color:#b91c1c}
.error-summary ul{margin:0;padding-left:1.25rem}
.form-status{margin:0 0 .75rem;color:#374151}
.form-status:empty{margin:0}
.links{list-style:none;margin:0 0 1.5rem;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(14rem,100%),1fr));gap:.75rem}
.links a{display:block;padding:1rem 1.25rem;border:1px solid #d1d5db;border-radius:.5rem;background:#fff;font-weight:600;text-decoration:none}
.links a:hover{border-color:#1d4ed8;background:#eff6ff}
.choice{display:flex;gap:.75rem;align-items:flex-start;padding:.75rem 1rem;border:1px solid #d1d5db;border-radius:.5rem;margin:0 0 .5rem}
.choice input{width:1.25rem;height:1.25rem;margin:.2rem 0 0;flex:none}
.choice label{min-width:0}
.button.secondary{background:#fff;color:#1f2937;border:2px solid #6b7280}
.button.secondary:hover{background:#f3f4f6;color:#111827}
`;

/** `renderPage` with the form stylesheet in the `<head>`, next to the layout's own. */
export function renderFormPage(options: Parameters<typeof renderPage>[0]): SafeHtml {
  const page = renderPage(options).value;
  return raw(page.replace('</head>', () => `<style>${FORM_CSS}</style>\n</head>`));
}

/** Signing out is a state change: a POST with the session's CSRF token, never a link. */
export function signOutForm(t: CompanyMessages, csrfToken: string): SafeHtml {
  return html`<form method="post" action="/api/SignOut" class="actions">
<input type="hidden" name="csrf" value="${csrfToken}">
<button type="submit" class="button secondary">${t.signOut}</button>
</form>`;
}
