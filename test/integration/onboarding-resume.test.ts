/**
 * Exploratory QA's "stranded company", over HTTP on the running integration stack with real sign-ins at the local
 * Entra (docs/sign-in.md, "Back to Create Company"): a client who accepts an invitation and closes the tab on Create
 * Company is brought back there — prefilled with what the professional entered — by a later sign-in
 * (`/api/SignIn?go=1`), by the welcome page, by `/api/CreateCompany` opened directly and by the invitation's link
 * opened again while signed in; creating the company then leads home, with it. Nobody else's invitation ever shows,
 * and a completed one never reopens.
 */
import { describe, expect, it } from 'vitest';
import { decodeEntities, invitationFor, invite, pageText } from '../support/invitations.js';
import {
  acceptForm,
  type Credentials,
  companyFormValues,
  createClientAccount,
  expectHostCookie,
  expectSecurityHeaders,
  signInThroughEntra,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { eventsOf, storedInvitation } from '../support/onboarding-store.js';
import { api, uniqueEmail } from '../support/stack.js';

const PASSWORD = 'Stranded-Pass-12345';
const COMPANY = {
  name: 'Urs Maintenance SARL',
  registrationNumber: '73282932000074',
  address: { line1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' },
};

/** An address invited by GFMS (French, the company entered by the professional), with its account (CAS 1). */
async function invited(label: string) {
  const email = uniqueEmail(label);
  await createClientAccount(email, PASSWORD, 'Willy Urs');
  const created = await invite(invitationFor(email, { sendEmail: false, locale: 'fr', company: COMPANY }));
  expect(created.status).toBe(201);
  return { who: { email, password: PASSWORD }, link: String(created.body.acceptUrl), invitationId: created.body.id };
}

/** Link → "Accepter l'invitation" → Entra → the callback: on Create Company, and the tab is closed there. */
async function acceptAndLeave(link: string, who: Credentials) {
  const visitor = new Visitor();
  expect((await visitor.get(link)).status).toBe(200);
  const started = await visitor.post(api('/AcceptInvitation'), acceptForm(link, 'fr'));
  expect(started.status, started.body.slice(0, 300)).toBe(303);
  const callback = await visitor.get(await throughEntra(visitor, started.location!, who));
  expect([callback.status, callback.location]).toEqual([303, api('/CreateCompany')]);
  expect((await visitor.get(api('/CreateCompany'))).status).toBe(200);
  return visitor;
}

/** The prefilled Create Company form, as the page shows it. */
function expectPrefilled(html: string, email: string) {
  const text = pageText(html);
  expect(text).toContain('Créer la société');
  expect(decodeEntities(html)).toContain(email);
  expect(companyFormValues(html)).toMatchObject({
    name: COMPANY.name,
    registrationNumber: COMPANY.registrationNumber,
    line1: COMPANY.address.line1,
    postalCode: COMPANY.address.postalCode,
    city: COMPANY.address.city,
    country: 'FR',
  });
}

function expectSafeAnswers(visitor: Visitor) {
  for (const exchange of visitor.serviceExchanges()) {
    expectSecurityHeaders(exchange);
    for (const line of exchange.setCookies) expectHostCookie(line);
  }
}

describe('a client who left at Create Company', () => {
  it('when they sign in again later (/api/SignIn?go=1), then they land on Create Company, prefilled; creating it leads home with the company, and the invitation is completed', async () => {
    const { who, link, invitationId } = await invited('stranded');
    await acceptAndLeave(link, who);

    const later = new Visitor();
    const { callback } = await signInThroughEntra(later, who, 'go=1&lang=fr');
    expect([callback.status, callback.location]).toEqual([303, api('/CreateCompany')]);
    const form = await later.get(api('/CreateCompany'));
    expect(form.status).toBe(200);
    expectPrefilled(form.body, who.email);

    const created = await later.post(api('/CreateCompany'), companyFormValues(form.body));
    expect([created.status, created.location], created.body.slice(0, 400)).toEqual([303, api('/Welcome')]);
    const welcome = await later.get(api('/Welcome'));
    expect(welcome.status).toBe(200);
    expect(pageText(welcome.body)).toContain(`Votre société ${COMPANY.name} est prête.`);
    expect((await storedInvitation(invitationId)).status).toBe('completed');
    expect((await eventsOf(invitationId)).filter((e) => e === 'company.created')).toHaveLength(1);

    // Done: the next sign-in goes home, and the link no longer leads anywhere but "already accepted".
    const next = new Visitor();
    expect((await signInThroughEntra(next, who, 'go=1&lang=fr')).callback.location).toBe(api('/Welcome'));
    const again = await next.get(link);
    expect(again.status).toBe(200);
    expect(pageText(again.body)).toContain('Cette invitation a déjà été acceptée');
    expectSafeAnswers(later);
    expectSafeAnswers(next);
  });

  it('when a later session opens the welcome page or /api/CreateCompany directly, then both lead to the prefilled form', async () => {
    const { who, link } = await invited('stranded-pages');
    const left = await acceptAndLeave(link, who);
    // The acceptance's own session, still open: its welcome page is Create Company too.
    expect((await left.get(api('/Welcome'))).location).toBe(api('/CreateCompany'));

    const later = new Visitor();
    await signInThroughEntra(later, who, 'go=1&lang=fr');
    const welcome = await later.get(api('/Welcome'));
    expect([welcome.status, welcome.location]).toEqual([303, api('/CreateCompany')]);
    const direct = new Visitor();
    await signInThroughEntra(direct, who, 'go=1&lang=fr');
    const form = await direct.get(api('/CreateCompany'));
    expect(form.status).toBe(200);
    expectPrefilled(form.body, who.email);
    expectSafeAnswers(later);
    expectSafeAnswers(direct);
  });

  it('when the same person, signed in, opens the invitation link again, then it leads to Create Company; signed out, or signed in as someone else, it says "already accepted"', async () => {
    const { who, link } = await invited('stranded-link');
    await acceptAndLeave(link, who);

    const later = new Visitor();
    await signInThroughEntra(later, who, 'go=1&lang=fr');
    const opened = await later.get(link);
    expect([opened.status, opened.location]).toEqual([303, api('/CreateCompany')]);
    const form = await later.get(api('/CreateCompany'));
    expect(form.status).toBe(200);
    expectPrefilled(form.body, who.email);

    const stranger = new Visitor();
    const shown = await stranger.get(link);
    expect(shown.status).toBe(200);
    expect(pageText(shown.body)).toContain('Cette invitation a déjà été acceptée');

    // Another client, signed in, never gets this person's onboarding.
    const other = await invited('stranded-other');
    const otherVisitor = await acceptAndLeave(other.link, other.who);
    const notTheirs = await otherVisitor.get(link);
    expect(notTheirs.status).toBe(200);
    expect(pageText(notTheirs.body)).toContain('Cette invitation a déjà été acceptée');
    expect(notTheirs.setCookies).toEqual([]);
    expectSafeAnswers(later);
    expectSafeAnswers(otherVisitor);
  });
});
