/**
 * The account emails (issue 12), in the client's language (French by default): the reset link, why a reset cannot
 * be offered, the notice that the password changed, the notice of a temporary password, the two-step notices, the
 * code proving a new sign-in address and the notice to the old one. Built like the invitation
 * email: an HTML part for email clients (tables, inline styles, no external CSS or images, a hidden preheader) and a
 * text part carrying everything, the reset link on a line of its own. Only the reset link email holds a link; no
 * email ever holds a password. Every value is escaped by the `html` template.
 */
import type { AccountEmail } from '../domain/account-email.js';
import type { AccountEmailComposer } from '../domain/account-email-outbox.js';
import { EMAIL_CHANGE_CODE_TTL_MS } from '../domain/sign-in-email.js';
import { html, type SafeHtml } from '../http/html.js';
import { EMAIL_LINK, EMAIL_P, emailButton, emailDocument, type RenderedEmail } from './email-layout.js';
import { formatDate, formatDateTime, plain, type Sentence } from './i18n.js';
import { mailtoLink, safeUrl } from './layout.js';
import { type AccountEmailMessages, accountEmailMessages } from './messages/account-email.js';

/** How long a reset link is valid (issue 12): what the email tells, beside the link's own expiry time. */
export const RESET_LINK_MINUTES = 30;

const P = EMAIL_P;
const LINK = EMAIL_LINK;

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
          html: emailButton(url, t.resetButton),
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
    case 'two-step-help':
      return [
        named((slot) =>
          t.twoStepHelpLead({
            client: slot(email.clientName),
            email: slot(email.clientEmail),
            provider: email.providerName,
            at: formatDateTime(email.at, email.locale),
          }),
        ),
        paragraph(t.twoStepHelpHow),
        paragraph(t.twoStepHelpNotYou),
      ];
    case 'two-step-off':
      return [
        named((slot) =>
          t.twoStepOffLead({
            provider: slot(email.providerName),
            service,
            at: formatDateTime(email.at, email.locale),
          }),
        ),
        paragraph(t.twoStepOffNow),
        paragraph(t.twoStepOffNotYou(email.providerName)),
      ];
    case 'sign-in-email-code':
      return [
        email.proposedBy
          ? named((slot) => t.emailCodeProposed({ provider: slot(email.proposedBy!.providerName), service }))
          : paragraph(t.emailCodeLead(service)),
        {
          html: html`<p style="${P}font-size:28px;font-weight:700;letter-spacing:.2em;" data-code>${email.code}</p>`,
          text: email.code,
        },
        paragraph(
          t.emailCodeValidity(EMAIL_CHANGE_CODE_TTL_MS / 60_000, formatDateTime(email.expiresAt, email.locale)),
        ),
        ...(email.proposedBy
          ? [
              {
                html: html`<p style="${P}">${t.emailCodeWhere} <a href="${safeUrl(email.proposedBy.url)}" target="_blank" style="${LINK}">${safeUrl(email.proposedBy.url)}</a></p>`,
                text: `${t.emailCodeWhere} ${safeUrl(email.proposedBy.url)}`,
              },
            ]
          : []),
        paragraph(t.emailCodeNotYou),
      ];
    case 'sign-in-email-changed':
      return [
        named((slot) =>
          t.emailChangedLead({
            service,
            at: formatDateTime(email.at, email.locale),
            to: slot(email.newEmailMasked),
          }),
        ),
        paragraph(t.emailChangedNotYou),
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
    case 'two-step-help':
      return {
        subject: t.twoStepHelpSubject(email.clientName),
        heading: t.twoStepHelpHeading,
        preheader: t.twoStepHelpHeading,
      };
    case 'two-step-off':
      return { subject: t.twoStepOffSubject(service), heading: t.twoStepOffHeading, preheader: t.twoStepOffNow };
    case 'sign-in-email-code':
      return {
        subject: t.emailCodeSubject(service),
        heading: t.emailCodeHeading,
        preheader: t.emailCodeHeading,
      };
    case 'sign-in-email-changed':
      return {
        subject: t.emailChangedSubject(service),
        heading: t.emailChangedHeading,
        preheader: t.emailChangedHeading,
      };
  }
}

/** The email in its language; `service` is the name the emails are signed with (the sender's display name). */
export function renderAccountEmail(email: AccountEmail, service: string): RenderedEmail {
  const t = accountEmailMessages[email.locale];
  const { subject: rawSubject, heading, preheader } = headings(email, t, service);
  // A subject is one line, whatever a name holds.
  const subject = rawSubject.replace(/[\r\n\t]+/g, ' ');
  const blocks = blocksOf(email, t, service);
  const body = emailDocument({
    locale: email.locale,
    subject,
    preheader,
    header: service,
    heading,
    content: html`${blocks.map((b) => b.html)}`,
    signOff: t.signOff(service),
    footer: t.automatic,
  });
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
