/**
 * The invitation email (the one seed 002 shows, in French by default): an HTML part built for email clients —
 * tables, inline styles, no external CSS or images, a hidden preheader — and a text part that carries the full
 * link on a line of its own, because some clients and scanners only ever see the text. Everything a provider or a
 * professional typed is escaped by the `html` template.
 */
import type { Locale } from '../domain/locale.js';
import type { Provider } from '../domain/provider.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTime, plain } from './i18n.js';
import { mailtoLink, multiline, safeUrl } from './layout.js';
import { invitationMessages } from './messages/invitation.js';

export interface InvitationEmailView {
  locale: Locale;
  invitee: { firstName: string; lastName: string };
  inviterName: string;
  provider: Pick<Provider, 'name' | 'platformName' | 'platformDescription' | 'supportEmail'>;
  message?: string | undefined;
  acceptUrl: string;
  expiresAt: Date;
  /** Why it is sent: the first email, a professional's resend, or the invitee's "send me a new link". */
  reason: 'invitation' | 'resent' | 'new-link';
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;";
/**
 * On every cell that holds text: a word wider than the line (a long address, name or company name) breaks instead
 * of widening the cell, so the email fits a 320 px phone. `word-break:break-word` is for the mail apps whose engine
 * predates `overflow-wrap:anywhere`.
 */
const WRAP = 'overflow-wrap:anywhere;word-break:break-word;';
const P = 'margin:0 0 16px;';
const LINK = 'color:#1d4ed8;text-decoration:underline;';

export function renderInvitationEmail(view: InvitationEmailView): RenderedEmail {
  const t = invitationMessages[view.locale];
  const acceptUrl = safeUrl(view.acceptUrl);
  const names = { inviter: view.inviterName, provider: view.provider.name, platform: view.provider.platformName };
  const inviteeName = `${view.invitee.firstName} ${view.invitee.lastName}`.trim();
  const expires = formatDateTime(view.expiresAt, view.locale);
  const message = view.message?.trim() ? view.message.trim() : undefined;
  const replaces = view.reason !== 'invitation';
  const subjectOf = { invitation: t.emailSubject, resent: t.emailSubjectResent, 'new-link': t.emailSubjectNewLink };
  // A subject is one line: a name typed with a line break must not start a new header anywhere downstream.
  const subject = subjectOf[view.reason](names).replace(/[\r\n\t]+/g, ' ');

  const strong = (text: string) => html`<strong>${text}</strong>`;
  const body = html`<!doctype html>
<html lang="${view.locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${subject}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">${t.emailPreheader({ ...names, expires })}</div>
<div role="article" aria-roledescription="email" aria-label="${subject}" lang="${view.locale}" dir="ltr" style="background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:12px;">
<tr><td style="padding:20px 32px;border-bottom:1px solid #e5e7eb;${FONT}${WRAP}font-size:18px;line-height:1.4;font-weight:bold;color:#111827;">${view.provider.platformName}</td></tr>
<tr><td style="padding:32px;${FONT}${WRAP}font-size:16px;line-height:1.6;color:#1f2937;">
<h1 style="margin:0 0 20px;${FONT}font-size:24px;line-height:1.3;color:#111827;">${t.emailHeading(view.provider.platformName)}</h1>
<p style="${P}">${t.greeting(inviteeName)}</p>
<p style="${P}">${t.invitedBy({ inviter: strong(names.inviter), provider: strong(names.provider), platform: strong(names.platform) })}</p>
${view.provider.platformDescription.trim() && html`<p style="${P}">${view.provider.platformDescription}</p>`}
${replaces && html`<p style="${P}padding:12px 16px;background-color:#eff6ff;border:1px solid #bfdbfe;border-radius:8px;">${t.replacesEarlier}</p>`}
${message && personalMessage(t.messageFrom(view.inviterName), message)}
<p style="${P}">${t.getStarted}</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
<tr><td align="center" bgcolor="#c2410c" style="border-radius:8px;background-color:#c2410c;">
<a href="${acceptUrl}" target="_blank" style="display:inline-block;padding:14px 28px;${FONT}font-size:17px;line-height:1.3;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:8px;">${t.acceptButton}</a>
</td></tr>
</table>
<p style="${P}">${t.expiresOn(expires)}</p>
<p style="${P}font-size:14px;color:#4b5563;">${t.linkFallback}<br>
<a href="${acceptUrl}" target="_blank" style="${LINK}word-break:break-all;">${acceptUrl}</a></p>
${view.provider.supportEmail && html`<p style="${P}">${t.contactSupport(mailtoLink(view.provider.supportEmail, LINK))}</p>`}
<p style="margin:0;">${t.signOff(view.provider.platformName)}</p>
</td></tr>
</table>
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
<tr><td style="padding:16px 32px;${FONT}${WRAP}font-size:13px;line-height:1.5;color:#4b5563;">${t.notExpected}</td></tr>
</table>
</td></tr>
</table>
</div>
</body>
</html>
`;

  const text = [
    t.greeting(inviteeName),
    '',
    plain(t.invitedBy(names)),
    ...(view.provider.platformDescription.trim() ? ['', view.provider.platformDescription.trim()] : []),
    ...(replaces ? ['', t.replacesEarlier] : []),
    ...(message ? ['', t.messageFrom(view.inviterName), ...quoteLines(message)] : []),
    '',
    t.textOpenLink,
    '',
    acceptUrl,
    '',
    t.expiresOn(expires),
    '',
    ...(view.provider.supportEmail ? [plain(t.contactSupport(view.provider.supportEmail)), ''] : []),
    t.signOff(view.provider.platformName),
    '',
    '--',
    t.notExpected,
    '',
  ].join('\n');

  return { subject, html: body.value, text };
}

function personalMessage(caption: string, message: string): SafeHtml {
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;">
<tr><td style="padding:14px 18px;background-color:#fff7ed;border-left:4px solid #c2410c;${FONT}${WRAP}font-size:16px;line-height:1.6;color:#1f2937;">
<p style="margin:0 0 6px;font-size:14px;color:#4b5563;">${caption}</p>
<blockquote style="margin:0;font-style:italic;">${multiline(message)}</blockquote>
</td></tr>
</table>`;
}

/** Plain-text quoting, as mail readers display it. */
function quoteLines(message: string): string[] {
  return message.split(/\r\n?|\n/).map((line) => (line ? `> ${line}` : '>'));
}
