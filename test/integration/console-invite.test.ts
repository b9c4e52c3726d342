/**
 * The console's Invite form against the local stack: the dev professional invites a client from the form (the same
 * use case as `POST /api/InviteUser`: the email is queued), a double submit of the same form is one invitation,
 * "give me the link" shows the link once, bad fields re-render the form with their messages and values, the API's
 * 409s are messages (already invited — with its reference —, already a client), every POST without the session's
 * CSRF token or from another site is refused with nothing written, a professional without `Invitations.Send` gets
 * 403 pages, another provider's professional gets a 404 page for GFMS's invitation, and no link key in the log.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accept } from '../../shared/domain/invitation.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { consoleVisitor } from '../support/console-http.js';
import {
  decodeEntities,
  depsAt,
  expectMessageCount,
  getInvitation,
  gfmsProfessional,
  type InvitationJson,
  linkIn,
} from '../support/invitations.js';
import { csrfIn } from '../support/onboarding-http.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const workforce = () => stack().entra.workforce;
const signedIn = (user: { username: string; password: string }, page = '/console/invite?lang=en') =>
  consoleVisitor(user, page);

/** The form's hidden fields of a page (the session's CSRF token and the form's one-time token). */
function hidden(html: string): { csrf: string; formToken: string } {
  const formToken = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  if (!formToken) throw new Error('no form token in the page');
  return { csrf: csrfIn(html), formToken };
}

const person = (email: string, extra: Record<string, string> = {}) => ({
  email,
  firstName: 'Anna',
  lastName: 'Martin',
  locale: 'en',
  expiresInDays: '7',
  delivery: 'email',
  ...extra,
});

const idIn = (location: string) => /\/api\/console\/invite\/sent\/([0-9a-f-]{36})\?lang=en$/.exec(location)?.[1];

/** The link keys this file saw: none may be in a log line. */
const keys: string[] = [];

describe('inviting from the console', () => {
  it('when the dev professional sends the form, then the invitation is created, the email queued and sent, and a double submit is the same invitation', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const form = await visitor.get(api('/console/invite?lang=en'));
    expect(form.status).toBe(200);
    expect(form.body).toMatch(/<a href="\/api\/console\/invite\?lang=en" aria-current="page">Invite<\/a>/);
    const email = uniqueEmail('console-invite');
    const fields = { ...hidden(form.body), ...person(email, { message: 'À bientôt sur le portail' }) };

    const sent = await visitor.post(api('/console/invite?lang=en'), fields);
    expect(sent.status, sent.body.slice(0, 500)).toBe(303);
    const id = idIn(sent.location!);
    expect(id).toBeDefined();
    const again = await visitor.post(api('/console/invite?lang=en'), fields);
    expect(again.status).toBe(303);
    expect(again.location).toBe(sent.location);

    const result = await visitor.get(sent.location!);
    expect(result.status).toBe(200);
    expect(decodeEntities(result.body)).toContain(`the email to ${email} is queued`);
    expect(result.headers.get('cache-control')).toBe('no-store');

    const invitation = await getInvitation(id!);
    expect(invitation.status).toBe(200);
    expect(invitation.body as unknown as InvitationJson).toMatchObject({
      email,
      firstName: 'Anna',
      locale: 'en',
      message: 'À bientôt sur le portail',
      invitedBy: { name: 'Tamer Mohamed-Nour' },
    });
    const [message] = await expectMessageCount(email, 1);
    keys.push(new URL(linkIn(message!)).searchParams.get('key')!);
  });

  it('when "give me the link" is chosen, then the link is shown once, selectable, with no email sent', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const form = await visitor.get(api('/console/invite?lang=en'));
    const email = uniqueEmail('console-link');
    const sent = await visitor.post(api('/console/invite?lang=en'), {
      ...hidden(form.body),
      ...person(email, { delivery: 'link', phone: '06 12 34 56 78' }),
    });
    expect(sent.status, sent.body.slice(0, 500)).toBe(303);
    expect(sent.location).not.toContain('key=');
    expect(sent.setCookies.some((c) => c.startsWith('__Host-console-link='))).toBe(true);

    const shown = await visitor.get(sent.location!);
    expect(shown.status).toBe(200);
    const link = decodeEntities(/id="invite-link" value="([^"]+)"/.exec(shown.body)?.[1] ?? '');
    expect(new URL(link).pathname).toBe('/api/InviteUser');
    keys.push(new URL(link).searchParams.get('key')!);
    expect(shown.body).toContain('Copy the link');
    expect(shown.setCookies.some((c) => c.startsWith('__Host-console-link=') && /max-age=0/i.test(c))).toBe(true);
    expect((await fetch(link)).status).toBe(200);

    const later = await visitor.get(sent.location!);
    expect(later.status).toBe(200);
    expect(later.body).not.toContain('id="invite-link"');
    expect(later.body).toContain('was shown already');
    const invitation = await getInvitation(idIn(sent.location!)!);
    expect(invitation.body).toMatchObject({ phone: '+33612345678', delivery: { status: 'not-requested' } });
    await expectMessageCount(email, 0);
  });

  it('when fields are wrong, then the form comes back (400) with each message next to its field and the values kept', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const form = await visitor.get(api('/console/invite?lang=en'));
    const answer = await visitor.post(api('/console/invite?lang=en'), {
      ...hidden(form.body),
      ...person('not-an-email', { firstName: '', expiresInDays: '45', message: 'x'.repeat(501) }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/id="invite-email"[^>]*aria-describedby="invite-email-error" aria-invalid="true"/);
    expect(answer.body).toContain('<p id="invite-email-error" class="field-error">Enter a valid email address');
    expect(answer.body).toContain('<p id="invite-firstName-error" class="field-error">This field is required.</p>');
    expect(answer.body).toContain('Enter a whole number of days from 1 to 30.');
    expect(answer.body).toContain('The personal message is at most 500 characters.');
    expect(answer.body).toContain('value="not-an-email"');
    expect(answer.body).toContain('value="45"');
  });

  it('when the person already has a pending invitation, or is already a client, then the form says so (409)', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const email = uniqueEmail('console-twice');
    const first = await visitor.get(api('/console/invite?lang=en'));
    const created = await visitor.post(api('/console/invite?lang=en'), { ...hidden(first.body), ...person(email) });
    expect(created.status).toBe(303);
    const second = await visitor.get(api('/console/invite?lang=en'));
    const twice = await visitor.post(api('/console/invite?lang=en'), {
      ...hidden(second.body),
      ...person(email, { firstName: 'Annie' }),
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toContain('data-refusal="already-invited"');
    expect(twice.body).toContain(`Its reference: ${idIn(created.location!)}.`);
    expect(twice.body).toContain(
      `<a href="/api/console/invitations/${idIn(created.location!)}?lang=en">Open that invitation</a>`,
    );
    expect(twice.body).toContain('value="Annie"');

    const clientEmail = uniqueEmail('console-client');
    const deps = depsAt(0);
    const { invitation } = await inviteUser(deps, gfmsProfessional, {
      email: clientEmail,
      firstName: 'Cléa',
      lastName: 'Client',
      locale: 'fr',
      expiresInDays: 7,
      sendEmail: false,
    });
    const stored = (await deps.invitations.get(invitation.id))!;
    await deps.invitations.update(stored, accept(stored.value, { now: new Date(), clientId: 'client-of-test' }), {});
    const third = await visitor.get(api('/console/invite?lang=en'));
    const client = await visitor.post(api('/console/invite?lang=en'), {
      ...hidden(third.body),
      ...person(clientEmail),
    });
    expect(client.status).toBe(409);
    expect(client.body).toContain('data-refusal="already-client"');
    expect(client.body).toContain('already a client of yours');
  });

  it('when a POST lacks the session’s CSRF token or comes from another site, then it is refused and nothing is written', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const form = await visitor.get(api('/console/invite?lang=en'));
    const email = uniqueEmail('console-csrf');
    const { formToken } = hidden(form.body);
    const forged = await visitor.post(api('/console/invite?lang=en'), { csrf: 'forged', formToken, ...person(email) });
    expect(forged.status).toBe(403);
    const missing = await visitor.post(api('/console/invite?lang=en'), { formToken, ...person(email) });
    expect(missing.status).toBe(403);
    const crossSite = await visitor.post(
      api('/console/invite?lang=en'),
      { ...hidden(form.body), ...person(email) },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);
    // The same email can still be invited: none of the refused posts wrote an invitation.
    const sent = await visitor.post(api('/console/invite?lang=en'), { ...hidden(form.body), ...person(email) });
    expect(sent.status, sent.body.slice(0, 300)).toBe(303);
  });

  it('when a professional lacks Invitations.Send, then the form, its POST and the page after it are 403 pages', async () => {
    const visitor = await signedIn(workforce().clientsOnlyUser, '/console?lang=en');
    const form = await visitor.get(api('/console/invite?lang=en'));
    expect(form.status).toBe(403);
    expect(form.body).toContain('Invitations.Send');
    const posted = await visitor.post(api('/console/invite?lang=en'), {
      csrf: csrfIn(form.body),
      ...person(uniqueEmail('console-role')),
    });
    expect(posted.status).toBe(403);
    const page = await visitor.get(api('/console/invite/sent/00000000-0000-4000-8000-000000000000?lang=en'));
    expect(page.status).toBe(403);
  });

  it('when another provider’s professional opens the page of a GFMS invitation, then it is a 404 page', async () => {
    const gfms = await signedIn(workforce().professionalUser);
    const form = await gfms.get(api('/console/invite?lang=en'));
    const sent = await gfms.post(api('/console/invite?lang=en'), {
      ...hidden(form.body),
      ...person(uniqueEmail('console-other')),
    });
    expect(sent.status).toBe(303);
    const other = await signedIn(workforce().otherProviderUser, '/console?lang=en');
    const page = await other.get(sent.location!);
    expect(page.status).toBe(404);
    expect(page.body).toContain('There is no such invitation for your organisation.');
    expect((await other.get(api('/console/invite/sent/not-an-id?lang=en'))).status).toBe(404);
  });
});

describe('the stack log after these requests', () => {
  it('when the tests above have run, then no link key they saw is in any log line', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const log = await readFile(path.resolve(import.meta.dirname, '../../.dev/test-integration/stack.log'), 'utf8');
    expect(log).toContain('console.invitation.created');
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) expect(log.includes(key), 'a link key in the stack log').toBe(false);
  });
});
