/**
 * The one layout every email shares (invitations, account emails): a 600 px card on a grey page, the service's name on
 * top, a heading, the email's own content, the sign-off (and a P.S., when there is one), and a grey footnote under
 * the card — tables and inline styles, as mail apps need, readable on a 320 px phone. Each template writes only its
 * content.
 */
import type { Locale } from '../domain/locale.js';
import { html, type SafeHtml } from '../http/html.js';

/** What a rendered email is: its subject, and its HTML and text parts. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export const EMAIL_FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;";
/**
 * On every cell that holds text: a word wider than the line (a long address, name or company name) breaks instead
 * of widening the cell, so the email fits a 320 px phone. `word-break:break-word` is for the mail apps whose engine
 * predates `overflow-wrap:anywhere`.
 */
export const EMAIL_WRAP = 'overflow-wrap:anywhere;word-break:break-word;';
/** A paragraph's style. */
export const EMAIL_P = 'margin:0 0 16px;';
/** A link's style. */
export const EMAIL_LINK = 'color:#1d4ed8;text-decoration:underline;';

/** The email's one call to action: a button that is a link (a URL already made safe by the caller). */
export function emailButton(url: string, label: string): SafeHtml {
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
<tr><td align="center" bgcolor="#c2410c" style="border-radius:8px;background-color:#c2410c;">
<a href="${url}" target="_blank" style="display:inline-block;padding:14px 28px;${EMAIL_FONT}font-size:17px;line-height:1.3;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:8px;">${label}</a>
</td></tr>
</table>`;
}

export interface EmailDocument {
  locale: Locale;
  /** One line (the caller folds line breaks): also the document's title and the article's label. */
  subject: string;
  /** The hidden line mail apps show beside the subject. */
  preheader: string;
  /** The name on top of the card (the platform, the service). */
  header: string;
  heading: string;
  content: SafeHtml;
  signOff: string;
  /** A P.S. under the sign-off, inside the card. */
  postscript?: SafeHtml | undefined;
  /** The footnote under the card. */
  footer: string;
}

export function emailDocument(e: EmailDocument): SafeHtml {
  return html`<!doctype html>
<html lang="${e.locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${e.subject}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">${e.preheader}</div>
<div role="article" aria-roledescription="email" aria-label="${e.subject}" lang="${e.locale}" dir="ltr" style="background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:12px;">
<tr><td style="padding:20px 32px;border-bottom:1px solid #e5e7eb;${EMAIL_FONT}${EMAIL_WRAP}font-size:18px;line-height:1.4;font-weight:bold;color:#111827;">${e.header}</td></tr>
<tr><td style="padding:32px;${EMAIL_FONT}${EMAIL_WRAP}font-size:16px;line-height:1.6;color:#1f2937;">
<h1 style="margin:0 0 20px;${EMAIL_FONT}font-size:24px;line-height:1.3;color:#111827;">${e.heading}</h1>
${e.content}
<p style="margin:0;">${e.signOff}</p>
${e.postscript && html`<p style="margin:24px 0 0;">${e.postscript}</p>`}
</td></tr>
</table>
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
<tr><td style="padding:16px 32px;${EMAIL_FONT}${EMAIL_WRAP}font-size:13px;line-height:1.5;color:#4b5563;">${e.footer}</td></tr>
</table>
</td></tr>
</table>
</div>
</body>
</html>
`;
}
