/**
 * `POST /api/CreateCompany` on the running integration stack (SECURITY.md "Sign-in" CSRF, "Reliability"; API.md):
 * cross-site posts and posts without the session's CSRF token are refused with 403 and write nothing; a double
 * submit makes one company and completes the invitation once; the server checks each field again and tells the
 * same words as the page, in problem+json (`Accept: application/json`) and next to each field of the re-rendered
 * form (with `aria-invalid`). The session comes from the real acceptance callback (run in this process on the
 * stack's storage and keys, with a sign-in port that proves the invited person).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CompanyFieldName,
  type CompanyProblem,
  fillProblemMessage,
  frenchVatKey,
} from '../../shared/domain/company-form.js';
import { SESSION_COOKIE } from '../../shared/http/sealed-cookies.js';
import { csrfFor } from '../../shared/http/session.js';
import { companyMessages } from '../../shared/web/messages/company.js';
import { decodeEntities, invitationFor, invite } from '../support/invitations.js';
import { companyFormValues, csrfIn, Visitor } from '../support/onboarding-http.js';
import {
  callbackAs,
  clientRows,
  eventsOf,
  personOf,
  stackDeps,
  storedInvitation,
} from '../support/onboarding-store.js';
import { api, uniqueEmail } from '../support/stack.js';

type Locale = 'fr' | 'en';

const COMPANY = {
  name: 'Acme Maintenance',
  registrationNumber: '73282932000074',
  address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
};

/** An invitation accepted by its invitee, whose browser holds the session and shows the prefilled form. */
async function onCreateCompanyPage(locale: Locale = 'en') {
  const email = uniqueEmail('company');
  const created = await invite(invitationFor(email, { sendEmail: false, locale, company: COMPANY }));
  expect(created.status).toBe(201);
  const invitationId = created.body.id;
  const person = personOf(email);
  const { session } = await callbackAs(invitationId, person, { locale });
  expect(session).toBeDefined();
  const visitor = new Visitor();
  visitor.setCookie(SESSION_COOKIE, session!);
  const page = await visitor.get(api('/CreateCompany'));
  expect(page.status).toBe(200);
  return {
    visitor,
    invitationId,
    partition: `${person.tenantId}|${person.objectId}`,
    csrf: csrfIn(page.body),
    values: companyFormValues(page.body),
  };
}

type Page = Awaited<ReturnType<typeof onCreateCompanyPage>>;

const companyRows = async (page: Page) =>
  (await clientRows({ partitionKey: page.partition })).filter((r) => r.rowKey.startsWith('company|'));

async function expectNothingCreated(page: Page) {
  expect(await companyRows(page)).toEqual([]);
  expect((await storedInvitation(page.invitationId)).status).toBe('accepted');
  expect(await eventsOf(page.invitationId)).not.toContain('company.created');
}

async function expectCreatedOnce(page: Page) {
  expect(await companyRows(page)).toHaveLength(1);
  expect((await storedInvitation(page.invitationId)).status).toBe('completed');
  expect((await eventsOf(page.invitationId)).filter((e) => e === 'company.created')).toHaveLength(1);
}

describe('Create Company refuses forged posts', () => {
  it('when the form is posted from another site (Origin: https://evil.example), then 403 and nothing is written', async () => {
    const page = await onCreateCompanyPage();
    expect(page.values.csrf).toBe(page.csrf);
    const answer = await page.visitor.post(api('/CreateCompany'), page.values, {
      sameOrigin: false,
      headers: { origin: 'https://evil.example' },
    });
    expect(answer.status).toBe(403);
    expect(answer.setCookies).toEqual([]);
    await expectNothingCreated(page);
  });

  it('when the browser says the post is cross-site (Sec-Fetch-Site: cross-site), then 403 and nothing is written', async () => {
    const page = await onCreateCompanyPage();
    const answer = await page.visitor.post(api('/CreateCompany'), page.values, {
      sameOrigin: false,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(answer.status).toBe(403);
    await expectNothingCreated(page);
  });

  it('when the post carries no CSRF token, then 403 and nothing is written', async () => {
    const page = await onCreateCompanyPage();
    const { csrf: _, ...withoutToken } = page.values;
    const answer = await page.visitor.post(api('/CreateCompany'), withoutToken);
    expect(answer.status).toBe(403);
    await expectNothingCreated(page);
  });

  it('when the post carries another session’s CSRF token, then 403 and nothing is written', async () => {
    const page = await onCreateCompanyPage();
    const foreign = csrfFor(stackDeps().sessions, { sid: randomUUID() });
    const answer = await page.visitor.post(api('/CreateCompany'), { ...page.values, csrf: foreign });
    expect(answer.status).toBe(403);
    await expectNothingCreated(page);
    // The same form with the right token goes through: the refusals above were about the token and the origin only.
    const genuine = await page.visitor.post(api('/CreateCompany'), page.values);
    expect(genuine.status).toBe(303);
    await expectCreatedOnce(page);
  });
});

describe('Create Company is done once', () => {
  it('when the form is submitted twice at once (double click), then one company exists and the invitation is completed once', async () => {
    const page = await onCreateCompanyPage();
    const answers = await Promise.all([1, 2].map(() => page.visitor.post(api('/CreateCompany'), page.values)));
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    expect(answers.map((a) => a.location)).toEqual([api('/Welcome'), api('/Welcome')]);
    await expectCreatedOnce(page);
  });

  it('when the form is submitted twice in a row (back button, resubmit), then one company exists and the invitation is completed once', async () => {
    const page = await onCreateCompanyPage();
    const session = page.visitor.cookie(SESSION_COOKIE)!;
    const first = await page.visitor.post(api('/CreateCompany'), page.values);
    expect(first.status).toBe(303);
    // The resubmitted page is the old one: its cookie as it was then, its token.
    page.visitor.setCookie(SESSION_COOKIE, session);
    const second = await page.visitor.post(api('/CreateCompany'), page.values);
    expect(second.status).toBe(303);
    await expectCreatedOnce(page);
    const welcome = await page.visitor.get(api('/Welcome'));
    expect(welcome.status).toBe(200);
    expect(welcome.body).toContain(COMPANY.name);
  });
});

// --- Field-by-field validation ----------------------------------------------------------------------------------

interface Posted {
  /** What is posted, over the prefilled (valid) values. */
  fields: Partial<Record<CompanyFieldName, string>>;
  /** The problem each field must be reported with; the others have none. */
  problems: Partial<Record<CompanyFieldName, CompanyProblem>>;
}

const mismatchedVat = `FR${frenchVatKey('404833048')}404833048`;

/** Every problem code of the form, each at least once, with the fields that make it. */
const POSTS: Posted[] = [
  {
    fields: {
      name: '',
      registrationNumber: '73282932000075',
      vatNumber: '12',
      phone: '12',
      line1: '',
      line2: 'Bât\u0001A',
      postalCode: '7500',
      city: 'x'.repeat(101),
      country: 'FR',
    },
    problems: {
      name: 'required',
      registrationNumber: 'invalid-siret',
      vatNumber: 'invalid-vat',
      phone: 'invalid-phone',
      line1: 'required',
      line2: 'invalid-characters',
      postalCode: 'invalid-postal-code',
      city: 'too-long',
    },
  },
  {
    fields: {
      name: 'A',
      registrationNumber: '73282932000074',
      vatNumber: mismatchedVat,
      phone: '+33 1 23 45 67 89 12 34 56 78',
      postalCode: '7',
      country: 'FR',
    },
    problems: { name: 'too-short', vatNumber: 'vat-mismatch', phone: 'too-long', postalCode: 'too-short' },
  },
  {
    fields: {
      name: 'Acme\u0007',
      registrationNumber: 'x'.repeat(51),
      vatNumber: 'x'.repeat(21),
      postalCode: '1234567890123',
      country: 'ZZ',
    },
    problems: {
      name: 'invalid-characters',
      registrationNumber: 'too-long',
      vatNumber: 'too-long',
      postalCode: 'too-long',
      country: 'invalid-country',
    },
  },
  { fields: { country: '' }, problems: { country: 'required' } },
];

const ALL_CODES: CompanyProblem[] = [
  'required',
  'too-long',
  'too-short',
  'invalid-characters',
  'invalid-siret',
  'invalid-vat',
  'vat-mismatch',
  'invalid-postal-code',
  'invalid-country',
  'invalid-phone',
];

/** The words the page shows for a field's problem (slots filled for that field and the posted country). */
function message(locale: Locale, field: CompanyFieldName, code: CompanyProblem, country: string): string {
  return fillProblemMessage(companyMessages[locale].problems[code], field, country);
}

/** Whether a message of the catalog has `{min}`, `{max}` or `{example}` slots to fill. */
const hasSlots = (code: CompanyProblem) => /\{(min|max|example)\}/.test(companyMessages.en.problems[code]);

function fieldError(html: string, field: CompanyFieldName): string | undefined {
  const found = new RegExp(`<p id="company-${field}-error" class="field-error"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  return found ? decodeEntities(found[1]!) : undefined;
}

function control(html: string, field: CompanyFieldName): string {
  const found = new RegExp(`<(?:input|select) [^>]*id="company-${field}"[^>]*>`).exec(html);
  if (!found) throw new Error(`no control for ${field}`);
  return found[0];
}

const FIELDS: CompanyFieldName[] = [
  'name',
  'registrationNumber',
  'vatNumber',
  'phone',
  'line1',
  'line2',
  'postalCode',
  'city',
  'country',
];

describe('Create Company checks every field on the server, with the page’s words', () => {
  it('when the test posts are built, then together they make every problem code of the form', () => {
    expect(new Set(POSTS.flatMap((p) => Object.values(p.problems)))).toEqual(new Set(ALL_CODES));
  });

  for (const locale of ['en', 'fr'] as const) {
    it(`when invalid fields are posted as JSON (${locale}), then 400 problem+json lists each field with the page’s message (slot-free messages) and nothing is written`, async () => {
      const page = await onCreateCompanyPage(locale);
      for (const post of POSTS) {
        const answer = await page.visitor.post(
          api('/CreateCompany'),
          { ...page.values, ...post.fields },
          { headers: { accept: 'application/json' } },
        );
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem = JSON.parse(answer.body) as {
          status: number;
          errors: Array<{ pointer: string; detail: string }>;
        };
        expect(problem.status).toBe(400);
        const country = post.fields.country ?? page.values.country!;
        expect(problem.errors.map((e) => e.pointer).sort()).toEqual(
          Object.keys(post.problems)
            .map((f) => `#/${f}`)
            .sort(),
        );
        for (const [field, code] of Object.entries(post.problems) as Array<[CompanyFieldName, CompanyProblem]>) {
          if (hasSlots(code)) continue; // see the next test
          const detail = problem.errors.find((e) => e.pointer === `#/${field}`)?.detail;
          expect(detail, `${field}: ${code}`).toBe(message(locale, field, code, country));
        }
      }
      await expectNothingCreated(page);
    });

    // The catalog's templates have `{min}`/`{max}`/`{example}` slots: the JSON answer fills them as the page does
    // ("Enter at least 2 characters.", never "Enter at least {min} characters.").
    it(`when fields whose messages have slots are posted as JSON (${locale}), then problem+json gives the page’s filled-in message`, async () => {
      const page = await onCreateCompanyPage(locale);
      let slotted = 0;
      for (const post of POSTS) {
        const answer = await page.visitor.post(
          api('/CreateCompany'),
          { ...page.values, ...post.fields },
          { headers: { accept: 'application/json' } },
        );
        const problem = JSON.parse(answer.body) as { errors: Array<{ pointer: string; detail: string }> };
        const country = post.fields.country ?? page.values.country!;
        for (const [field, code] of Object.entries(post.problems) as Array<[CompanyFieldName, CompanyProblem]>) {
          if (!hasSlots(code)) continue;
          slotted++;
          const detail = problem.errors.find((e) => e.pointer === `#/${field}`)?.detail;
          expect(detail, `${field}: ${code}`).toBe(message(locale, field, code, country));
          expect(detail).not.toMatch(/\{(min|max|example)\}/);
        }
      }
      expect(slotted, 'posts whose problems have slots').toBeGreaterThan(0);
    });

    it(`when invalid fields are posted from the page (${locale}), then the form comes back (400) with each field's message next to it and aria-invalid, and nothing is written`, async () => {
      const page = await onCreateCompanyPage(locale);
      for (const post of POSTS) {
        const answer = await page.visitor.post(api('/CreateCompany'), { ...page.values, ...post.fields });
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
        const country = post.fields.country ?? page.values.country!;
        for (const field of FIELDS) {
          const code = post.problems[field];
          if (code) {
            expect(fieldError(answer.body, field), `${field}: ${code}`).toBe(message(locale, field, code, country));
            expect(control(answer.body, field)).toContain('aria-invalid="true"');
          } else {
            expect(fieldError(answer.body, field), field).toBe('');
            expect(control(answer.body, field)).not.toContain('aria-invalid');
          }
        }
        // The error summary links each message to its field.
        for (const field of Object.keys(post.problems)) expect(answer.body).toContain(`href="#company-${field}"`);
      }
      await expectNothingCreated(page);
    });
  }
});
