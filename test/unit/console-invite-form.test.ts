/**
 * The console's Invite form read into the API's invitation request: the same schema's rules (required names, a valid
 * email, 1–30 days, a message of at most 500 characters), the company under the Create Company page's rules, the
 * mobile number as people type it, and every field's problem at once.
 */
import { describe, expect, it } from 'vitest';
import { emptyInviteForm, type InviteFormValues, readInviteForm } from '../../shared/http/console-invite-form.js';
import { renderConsoleInvite, renderConsoleInviteSent } from '../../shared/web/console-invite-pages.js';

const filled = (change: Partial<InviteFormValues> = {}): InviteFormValues => ({
  ...emptyInviteForm('fr'),
  email: ' Anna.Martin@Example.com ',
  firstName: 'Anna',
  lastName: 'Martin',
  ...change,
});

const frame = {
  locale: 'en' as const,
  professionalName: 'Tamer',
  providerName: 'GFMS',
  roles: ['Invitations.Send' as const],
  csrf: 'csrf-token',
  here: '/api/console/invite',
};

describe('the Invite form', () => {
  it('when the required fields are filled, then it is the API request with its defaults (7 days, the email sent)', () => {
    const read = readInviteForm(filled());
    expect(read).toEqual({
      ok: true,
      request: {
        email: 'anna.martin@example.com',
        firstName: 'Anna',
        lastName: 'Martin',
        locale: 'fr',
        expiresInDays: 7,
        sendEmail: true,
      },
    });
  });

  it('when everything is wrong, then each field says so at once', () => {
    const read = readInviteForm(
      filled({
        email: 'not-an-email',
        firstName: ' ',
        lastName: '',
        expiresInDays: '31',
        message: 'x'.repeat(501),
        phone: '12',
      }),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.fields).toEqual({
      email: 'invalid-email',
      firstName: 'required',
      lastName: 'required',
      expiresInDays: 'invalid-expiry',
      message: 'too-long',
      phone: 'invalid-phone',
    });
  });

  it('when the days are not a whole number, then the expiry is refused', () => {
    for (const days of ['0', '2.5', 'abc', '']) {
      const read = readInviteForm(filled({ expiresInDays: days }));
      expect(read.ok ? undefined : read.problems.fields.expiresInDays, days).toBe('invalid-expiry');
    }
  });

  it('when a French mobile number is typed with its 0, then the request has it in E.164', () => {
    const read = readInviteForm(filled({ phone: '06 12 34 56 78', delivery: 'link' }));
    expect(read.ok && read.request).toMatchObject({ phone: '+33612345678', sendEmail: false });
  });

  it('when a company is given, then the Create Company rules apply: name and address needed, SIRET checked', () => {
    const partial = readInviteForm(
      filled({ company: { ...filled().company, name: 'Atelier', registrationNumber: '123' } }),
    );
    expect(partial.ok ? undefined : partial.problems.company).toEqual({
      registrationNumber: 'invalid-siret',
      line1: 'required',
      postalCode: 'required',
      city: 'required',
    });
    const whole = readInviteForm(
      filled({
        company: {
          ...filled().company,
          name: 'Atelier Martin',
          registrationNumber: '732 829 320 00074',
          line1: '1 rue de la Paix',
          postalCode: '75002',
          city: 'Paris',
        },
      }),
    );
    expect(whole.ok && whole.request.company).toEqual({
      name: 'Atelier Martin',
      registrationNumber: '73282932000074',
      address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    });
  });

  it('when the form is shown again with problems, then each message is next to its field and the values are kept', () => {
    const values = filled({ email: 'bad', firstName: 'Zoé <b>' });
    const read = readInviteForm(values);
    const page = renderConsoleInvite(frame, {
      values,
      problems: read.ok ? undefined : read.problems,
      formToken: '00000000-0000-4000-8000-000000000000',
      providerName: 'GFMS',
    }).value;
    expect(page).toMatch(/id="invite-email"[^>]*aria-describedby="invite-email-error"[^>]*aria-invalid="true"/);
    expect(page).toContain('<p id="invite-email-error" class="field-error">Enter a valid email address');
    expect(page).toContain('value="Zoé &lt;b&gt;"');
    expect(page).toContain('<label for="invite-email">Email</label>');
    expect(page).toContain('<label for="invite-firstName">First name</label>');
    expect(page).toContain('<label for="invite-lastName">Last name</label>');
    expect(page).toContain('>Send the invitation</button>');
  });

  it('when the link is shown, then it is selectable text and the copy button waits for the script', () => {
    const page = renderConsoleInviteSent(frame, {
      invitationId: '7ecbaadb-3c74-4d57-90aa-7d0678fd81f6',
      name: 'Anna Martin',
      email: 'anna@example.com',
      expiresAt: new Date('2026-12-07T10:00:00Z'),
      link: { kind: 'shown', url: 'https://example.test/api/InviteUser?invitationId=x&key=y' },
    }).value;
    expect(page).toMatch(
      /<input type="text" id="invite-link" value="https:\/\/example.test\/api\/InviteUser\?invitationId=x&amp;key=y" readonly/,
    );
    expect(page).toMatch(
      /<button type="button" class="button secondary" hidden data-copy-button>Copy the link<\/button>/,
    );
    expect(page).toContain('src="/api/assets/web/assets/copy-link.client.js"');
    // The invitation's own page (delivery, history, actions) is one click away (QA).
    expect(page).toContain(
      '<a href="/api/console/invitations/7ecbaadb-3c74-4d57-90aa-7d0678fd81f6?lang=en" data-invitation-page>See the invitation (delivery, history, actions)</a>',
    );
  });
});
