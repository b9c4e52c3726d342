/**
 * The invitation email (the one seed 002 shows, in French by default): an HTML part built for email clients —
 * tables, inline styles, no external CSS or images, a hidden preheader — and a text part that carries the full
 * link on a line of its own, because some clients and scanners only ever see the text. Everything a provider or a
 * professional typed is escaped by the `html` template.
 */
import type { Locale } from '../domain/locale.js';
import { type Provider, platformDescriptionFor } from '../domain/provider.js';
import { html, type SafeHtml } from '../http/html.js';
import {
  EMAIL_FONT,
  EMAIL_LINK,
  EMAIL_P,
  EMAIL_WRAP,
  emailButton,
  emailDocument,
  type RenderedEmail,
} from './email-layout.js';
import { formatDateTime, plain } from './i18n.js';
import { mailtoLink, multiline, safeUrl } from './layout.js';
import { invitationMessages } from './messages/invitation.js';

export interface InvitationEmailView {
  locale: Locale;
  invitee: { firstName: string; lastName: string };
  inviterName: string;
  provider: Pick<
    Provider,
    'name' | 'platformName' | 'platformDescription' | 'platformDescriptions' | 'supportEmail' | 'documentationUrl'
  >;
  message?: string | undefined;
  acceptUrl: string;
  expiresAt: Date;
  /** Why it is sent: the first email, a professional's resend, or the invitee's "send me a new link". */
  reason: 'invitation' | 'resent' | 'new-link';
}

export type { RenderedEmail } from './email-layout.js';

const FONT = EMAIL_FONT;
const WRAP = EMAIL_WRAP;
const P = EMAIL_P;
const LINK = EMAIL_LINK;

export function renderInvitationEmail(view: InvitationEmailView): RenderedEmail {
  const t = invitationMessages[view.locale];
  const acceptUrl = safeUrl(view.acceptUrl);
  const names = { inviter: view.inviterName, provider: view.provider.name, platform: view.provider.platformName };
  const inviteeName = `${view.invitee.firstName} ${view.invitee.lastName}`.trim();
  const expires = formatDateTime(view.expiresAt, view.locale);
  const message = view.message?.trim() ? view.message.trim() : undefined;
  const replaces = view.reason !== 'invitation';
  const description = platformDescriptionFor(view.provider, view.locale);
  const documentationUrl = view.provider.documentationUrl ? safeUrl(view.provider.documentationUrl) : undefined;
  const documentation = t.documentation(view.provider.platformName);
  const subjectOf = { invitation: t.emailSubject, resent: t.emailSubjectResent, 'new-link': t.emailSubjectNewLink };
  // A subject is one line: a name typed with a line break must not start a new header anywhere downstream.
  const subject = subjectOf[view.reason](names).replace(/[\r\n\t]+/g, ' ');

  const strong = (text: string) => html`<strong>${text}</strong>`;
  const content = html`<p style="${P}">${t.greeting(inviteeName)}</p>
<p style="${P}">${t.invitedBy({ inviter: strong(names.inviter), provider: strong(names.provider), platform: strong(names.platform) })}</p>
${description && html`<p style="${P}">${description}</p>`}
${replaces && html`<p style="${P}padding:12px 16px;background-color:#eff6ff;border:1px solid #bfdbfe;border-radius:8px;">${t.replacesEarlier}</p>`}
${message && personalMessage(t.messageFrom(view.inviterName), message)}
<p style="${P}">${t.getStarted}</p>
${emailButton(acceptUrl, t.acceptButton)}
<p style="${P}">${t.expiresOn(expires)}</p>
<p style="${P}font-size:14px;color:#4b5563;">${t.linkFallback}<br>
<a href="${acceptUrl}" target="_blank" style="${LINK}word-break:break-all;">${acceptUrl}</a></p>
${view.provider.supportEmail && html`<p style="${P}">${t.contactSupport(mailtoLink(view.provider.supportEmail, LINK))}</p>`}
<p style="${P}">${t.welcomeAboard}</p>`;
  const body = emailDocument({
    locale: view.locale,
    subject,
    preheader: t.emailPreheader({ ...names, expires }),
    header: view.provider.platformName,
    heading: t.emailHeading(view.provider.platformName),
    content,
    signOff: t.signOff(view.provider.platformName),
    postscript: documentationUrl
      ? html`${t.postscript(html`<a href="${documentationUrl}" target="_blank" style="${LINK}">${documentation}</a>`)}`
      : undefined,
    footer: t.notExpected,
  });

  const text = [
    t.greeting(inviteeName),
    '',
    plain(t.invitedBy(names)),
    ...(description ? ['', description] : []),
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
    t.welcomeAboard,
    '',
    t.signOff(view.provider.platformName),
    '',
    // The address on a line of its own, as the accept link: text readers make it a link only when it stands alone.
    ...(documentationUrl ? [plain(t.postscript(documentation)), documentationUrl, ''] : []),
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
