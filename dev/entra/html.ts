/**
 * HTML building for the local Entra ID's pages: a tagged template that escapes every interpolated value
 * unless it is already markup, and the shared accessible layout (lang, title, landmarks, one h1).
 */
import type { Locale } from './messages.js';

export class Markup {
  constructor(readonly value: string) {}
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(value: unknown): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\`` — interpolations are escaped; nested `html` results and arrays of them are not. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

const STYLE = `
body{margin:0;font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;color:#1b1b1b;line-height:1.5}
header{background:#fff;border-bottom:1px solid #d6d6d6;padding:.75rem 1.5rem;font-weight:600}
main{max-width:27rem;margin:2rem auto;background:#fff;padding:2rem 2.5rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.5rem;margin:0 0 .5rem}
label{display:block;font-weight:600;margin-top:1rem}
input[type=email],input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #605e5c;margin-top:.25rem}
input:focus,button:focus,a:focus{outline:3px solid #005a9e;outline-offset:2px}
.hint{font-size:.875rem;color:#484644;margin:.25rem 0 0}
.actions{margin-top:1.5rem;display:flex;gap:.75rem;justify-content:flex-end}
button{font-size:1rem;padding:.5rem 1.5rem;border:1px solid #005a9e;background:#005a9e;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1b1b1b;border-color:#605e5c}
a{color:#005a9e}
.error{color:#a4262c;border-left:4px solid #a4262c;padding:.25rem .75rem;margin:1rem 0}
.notice{border-left:4px solid #005a9e;padding:.25rem .75rem;margin:1rem 0}
footer{text-align:center;font-size:.875rem;color:#484644;margin-bottom:2rem}
`;

export interface Layout {
  locale: Locale;
  title: string;
  /** Shown in the banner, so a developer sees which tenant a page belongs to. */
  banner: string;
  nonce: string;
  body: Markup;
  script?: Markup;
}

export function layout({ locale, title, banner, nonce, body, script }: Layout): string {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style nonce="${nonce}">${new Markup(STYLE)}</style>
</head>
<body>
<header>${banner}</header>
<main>
${body}
</main>
<footer><p>Local development identity provider — not Microsoft Entra ID.</p></footer>
${script ? html`<script nonce="${nonce}">${script}</script>` : ''}
</body>
</html>`.value;
}

export interface Field {
  id: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  value?: string;
  hint?: string;
  invalid?: boolean;
  autofocus?: boolean;
  inputmode?: string;
}

/** A labelled input; its hint and the form's error are tied to it with aria-describedby. */
export function field(f: Field): Markup {
  const describedBy = [f.hint ? `${f.id}-hint` : '', f.invalid ? 'form-error' : ''].filter(Boolean).join(' ');
  return html`<label for="${f.id}">${f.label}</label>
<input id="${f.id}" name="${f.id}" type="${f.type}" autocomplete="${f.autocomplete}" required${
    f.value ? html` value="${f.value}"` : ''
  }${f.inputmode ? html` inputmode="${f.inputmode}"` : ''}${f.autofocus ? html` autofocus` : ''}${
    f.invalid ? html` aria-invalid="true"` : ''
  }${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
${f.hint ? html`<p class="hint" id="${f.id}-hint">${f.hint}</p>` : ''}`;
}

export function errorBox(message: string | undefined): Markup {
  return message ? html`<p class="error" id="form-error" role="alert">${message}</p>` : html``;
}
