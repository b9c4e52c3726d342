/**
 * The company data a provider entered with the invitation, as the landing page shows it: read-only here, the
 * invitee checks and corrects it at "Create company" after signing in.
 */
import type { CompanyDraft, PostalAddress } from '../domain/invitation.js';
import type { Locale } from '../domain/locale.js';
import { html, type SafeHtml } from '../http/html.js';
import { countryName } from './i18n.js';
import { invitationMessages } from './messages/invitation.js';

export function renderCompanyDraft(company: CompanyDraft, providerName: string, locale: Locale): SafeHtml {
  const t = invitationMessages[locale];
  const rows: Array<[string, string | SafeHtml | undefined]> = [
    [t.companyName, company.name],
    [t.registrationNumber, company.registrationNumber],
    [t.vatNumber, company.vatNumber],
    [t.address, company.address && address(company.address, locale)],
    [t.phone, company.phone],
  ];
  return html`<section aria-labelledby="company-heading">
<h2 id="company-heading">${t.companyHeading}</h2>
<p class="muted">${t.companyIntro(providerName)}</p>
<dl class="facts">${rows
    .filter((row): row is [string, string | SafeHtml] => Boolean(row[1]))
    .map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
</section>`;
}

function address(value: PostalAddress, locale: Locale): SafeHtml {
  const lines = [
    value.line1,
    value.line2,
    `${value.postalCode} ${value.city}`.trim(),
    countryName(value.country, locale),
  ];
  return html`${lines.filter(Boolean).map((line, i) => (i === 0 ? line : [html`<br>`, line ?? '']))}`;
}
