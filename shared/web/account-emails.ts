/**
 * The account emails (issue 12), in the client's language (French by default): the reset link, why a reset cannot
 * be offered, the notice that the password changed and the notice of a temporary password. Built like the invitation
 * email: an HTML part for email clients (tables, inline styles, no external CSS or images, a hidden preheader) and a
 * text part carrying everything, the reset link on a line of its own. Only the reset link email holds a link; no
 * email ever holds a password. Every value is escaped by the `html` template.
 */
import type { AccountEmail } from '../domain/account-email.js';
import type { AccountEmailComposer } from '../domain/account-email-outbox.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDate, formatDateTime, plain, type Sentence } from './i18n.js';
import type { RenderedEmail } from './invitation-email.js';
import { mailtoLink, safeUrl } from './layout.js';
import { type AccountEmailMessages, accountEmailMessages } from './messages/account-email.js';

/** How long a reset link is valid (issue 12): what the email tells, beside the link's own expiry time. */
export const RESET_LINK_MINUTES = 30;

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;";
const WRAP = 'overflow-wrap:anywhere;word-break:break-word;';
const P = 'margin:0 0 16px;';
const LINK = 'color:#1d4ed8;text-decoration:underline;';

/** One block of the email: a paragraph in both parts, or the reset button (HTML) and its link line (text). */
type Block = { html: SafeHtml; text: string };

const strong = (text: string) => html`<strong>${text}</strong>`;
const paragraph = (text: string, style = ''): Block => ({ html: html`<p style="${P}${style}">${text}</p>`, text });
/** A sentence whose slots are names: bold in HTML, plain in text. */
const named = (sentence: (slot: (s: string) => SafeHtml | string) => Sentence<SafeHtml | string>): Block => ({
  html: html`<p style="${P}">${sentence(strong)}</p>`,
  text: plain(sentence((s) => s) as Sentence<string>),
});

function supportBlock(t: AccountEmailMessages, supportEmail: string | undefined): Block[] {
  if (!supportEmail) return [];
  return [
    {
      html: html`<p style="${P}">${t.contactSupport(mailtoLink(supportEmail, LINK))}</p>`,
      text: plain(t.contactSupport(supportEmail)),
    },
  ];
}

function blocksOf(email: AccountEmail, t: AccountEmailMessages, service: string): Block[] {
  const when = (d: Date | undefined) => (d ? formatDate(d, email.locale) : undefined);
  switch (email.kind) {
    case 'reset-link': {
      const url = safeUrl(email.url);
      const until = formatDateTime(email.expiresAt, email.locale);
      return [
        paragraph(t.resetLead(service)),
        {
          html: html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
<tr><td align="center" bgcolor="#c2410c" style="border-radius:8px;background-color:#c2410c;">
<a href="${url}" target="_blank" style="display:inline-block;padding:14px 28px;${FONT}font-size:17px;line-height:1.3;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:8px;">${t.resetButton}</a>
</td></tr>
</table>`,
          text: `${t.resetTextOpen}\n\n${url}`,
        },
        paragraph(t.resetValidity(RESET_LINK_MINUTES, until)),
        {
          html: html`<p style="${P}font-size:14px;color:#4b5563;">${t.resetFallback}<br>
<a href="${url}" target="_blank" style="${LINK}word-break:break-all;">${url}</a></p>`,
          text: '',
        },
        paragraph(t.resetNotYou),
      ];
    }
    case 'reset-refused': {
      const since = when(email.since);
      const provider = email.providerName;
      const reason =
        email.reason === 'merged'
          ? named((slot) =>
              t.refusedMerged({
                ...(email.mergedIntoEmail ? { into: slot(email.mergedIntoEmail) } : {}),
                ...(since ? { since } : {}),
              }),
            )
          : named((slot) =>
              (email.reason === 'blocked' ? t.refusedBlocked : t.refusedProviderInactive)({
                provider: provider ? slot(provider) : t.refusedYourProvider,
                ...(since ? { since } : {}),
              }),
            );
      return [
        paragraph(t.refusedLead(service)),
        reason,
        ...(email.reason === 'merged' ? [] : [paragraph(t.refusedContactProvider(provider))]),
        ...supportBlock(t, email.supportEmail),
        paragraph(t.refusedNoLink),
        paragraph(t.refusedNotYou),
      ];
    }
    case 'password-changed':
      return [
        paragraph(
          `${t.changedLead({ service, at: formatDateTime(email.at, email.locale) })}${t.changedHow[email.how]}`,
        ),
        paragraph(t.changedNotYou),
      ];
    case 'temporary-password':
      return [
        named((slot) =>
          t.temporaryLead({
            provider: slot(email.providerName),
            service,
            at: formatDateTime(email.at, email.locale),
          }),
        ),
        paragraph(t.temporaryHowGiven),
        paragraph(t.temporaryChange),
        paragraph(t.temporaryNotYou(email.providerName)),
      ];
  }
}

function headings(email: AccountEmail, t: AccountEmailMessages, service: string) {
  switch (email.kind) {
    case 'reset-link':
      return {
        subject: t.resetSubject(service),
        heading: t.resetHeading,
        preheader: t.resetPreheader(RESET_LINK_MINUTES),
      };
    case 'reset-refused':
      return { subject: t.refusedSubject(service), heading: t.refusedHeading, preheader: t.refusedHeading };
    case 'password-changed':
      return { subject: t.changedSubject(service), heading: t.changedHeading, preheader: t.changedHeading };
    case 'temporary-password':
      return { subject: t.temporarySubject(service), heading: t.temporaryHeading, preheader: t.temporaryChange };
  }
}

/** The email in its language; `service` is the name the emails are signed with (the sender's display name). */
export function renderAccountEmail(email: AccountEmail, service: string): RenderedEmail {
  const t = accountEmailMessages[email.locale];
  const { subject: rawSubject, heading, preheader } = headings(email, t, service);
  // A subject is one line, whatever a name holds.
  const subject = rawSubject.replace(/[\r\n\t]+/g, ' ');
  const blocks = blocksOf(email, t, service);
  const body = html`<!doctype html>
<html lang="${email.locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${subject}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">${preheader}</div>
<div role="article" aria-roledescription="email" aria-label="${subject}" lang="${email.locale}" dir="ltr" style="background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:12px;">
<tr><td style="padding:20px 32px;border-bottom:1px solid #e5e7eb;${FONT}${WRAP}font-size:18px;line-height:1.4;font-weight:bold;color:#111827;">${service}</td></tr>
<tr><td style="padding:32px;${FONT}${WRAP}font-size:16px;line-height:1.6;color:#1f2937;">
<h1 style="margin:0 0 20px;${FONT}font-size:24px;line-height:1.3;color:#111827;">${heading}</h1>
${blocks.map((b) => b.html)}
<p style="margin:0;">${t.signOff(service)}</p>
</td></tr>
</table>
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
<tr><td style="padding:16px 32px;${FONT}${WRAP}font-size:13px;line-height:1.5;color:#4b5563;">${t.automatic}</td></tr>
</table>
</td></tr>
</table>
</div>
</body>
</html>
`;
  const text = [
    heading,
    '',
    ...blocks.filter((b) => b.text).flatMap((b) => [b.text, '']),
    t.signOff(service),
    '',
    '--',
    t.automatic,
    '',
  ].join('\n');
  return { subject, html: body.value, text };
}

/** The composer the dispatcher uses, signing with the service's name. */
export function accountEmailComposer(service: string): AccountEmailComposer {
  return { compose: (email) => renderAccountEmail(email, service) };
}
