/**
 * The console's Invitations pages against the local stack: the list narrowed by its filters (status, email, days,
 * Home's lists, oldest first), an invitation's page with its timeline, Resend through the API's use case (the old link
 * then says a newer invitation was sent; the API's 409s as messages), a new link shown once for an invitation without
 * email, Revoke after its confirmation; every POST without the session's CSRF token refused with nothing changed, a
 * professional without `Invitations.Send` refused (403) on every route, another provider's professional given the
 * 404 page on every route of a GFMS invitation, and no link key in any log line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accept } from '../../shared/domain/invitation.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { consoleVisitor } from '../support/console-http.js';
import { decodeEntities, depsAt, gfmsProfessional, listInvitations } from '../support/invitations.js';
import { csrfIn } from '../support/onboarding-http.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const workforce = () => stack().entra.workforce;
const signedIn = (user: { username: string; password: string }, page = '/console/invitations?lang=en') =>
  consoleVisitor(user, page);

/** The link keys this file saw: none may be in a log line. */
const keys: string[] = [];

/** A GFMS invitation written through the use case, `daysAgo` days back; its link (remembered for the log check). */
async function invited(email: string, options: { daysAgo?: number; expiresInDays?: number; sendEmail?: boolean } = {}) {
  const deps = depsAt(options.daysAgo ?? 0);
  const { invitation, key } = await inviteUser(deps, gfmsProfessional, {
    email,
    firstName: 'Léa',
    lastName: 'Liste',
    locale: 'en',
    expiresInDays: options.expiresInDays ?? 7,
    sendEmail: options.sendEmail ?? false,
  });
  keys.push(key);
  return { invitation, link: deps.links.acceptInvitation(invitation.id, key), deps };
}

async function accepted(invitationId: string) {
  const deps = depsAt(0);
  const stored = (await deps.invitations.get(invitationId))!;
  await deps.invitations.update(stored, accept(stored.value, { now: new Date(), clientId: 'client-of-test' }), {});
}

const rowsOf = (body: string) => [...body.matchAll(/<tr data-invitation="([0-9a-f-]{36})">/g)].map((m) => m[1]);
const page = (id: string, rest = '') => api(`/console/invitations/${id}${rest}?lang=en`);
const formTokenIn = (body: string) => /name="formToken" value="([^"]+)"/.exec(body)?.[1] ?? '';

describe('the Invitations list', () => {
  it('when the list is filtered by status, email, days, Home’s lists and order, then it shows only what matches', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const email = uniqueEmail('console-list');
    const old = await invited(email, { daysAgo: 10, expiresInDays: 1 }); // expired
    const soon = await invited(email, { expiresInDays: 1 }); // pending, expires within 48 h (took the claim over)
    const other = uniqueEmail('console-list-other');
    const done = await invited(other);
    await accepted(done.invitation.id);
    const list = async (query: string) => {
      const answer = await visitor.get(api(`/console/invitations?lang=en&${query}`));
      expect(answer.status, answer.body.slice(0, 300)).toBe(200);
      return answer;
    };

    const all = await list(`email=${encodeURIComponent(email.toUpperCase())}`);
    expect(rowsOf(all.body)).toEqual([soon.invitation.id, old.invitation.id]);
    expect(all.body).toMatch(/<a href="\/api\/console\/invitations\?lang=en" aria-current="page">Invitations<\/a>/);
    expect(all.body).toContain('data-label="Status"');
    expect(rowsOf((await list(`email=${email}&order=oldest`)).body)).toEqual([old.invitation.id, soon.invitation.id]);
    expect(rowsOf((await list(`email=${email}&status=pending`)).body)).toEqual([soon.invitation.id]);
    expect(rowsOf((await list(`email=${email}&status=expired`)).body)).toEqual([old.invitation.id]);
    expect(rowsOf((await list(`email=${email}&status=pending&only=expiring`)).body)).toEqual([soon.invitation.id]);
    expect(rowsOf((await list(`email=${other}&only=accepted-this-week`)).body)).toEqual([done.invitation.id]);
    expect(rowsOf((await list(`email=${other}&status=accepted`)).body)).toEqual([done.invitation.id]);
    expect(rowsOf((await list(`email=${other}&status=pending`)).body)).toEqual([]);
    // The filter's days are Paris days (between 22:00 and 24:00 UTC, Paris is already on the next one).
    const parisDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at);
    const today = parisDay(new Date());
    const tenDaysAgo = parisDay(old.invitation.createdAt);
    expect(rowsOf((await list(`email=${email}&from=${today}`)).body)).toEqual([soon.invitation.id]);
    expect(rowsOf((await list(`email=${email}&from=${tenDaysAgo}&to=${tenDaysAgo}`)).body)).toEqual([
      old.invitation.id,
    ]);

    const bad = await visitor.get(api('/console/invitations?lang=en&email=nobody&from=2026-02-30&status=lost'));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/id="filter-email"[^>]*aria-invalid="true"/);
    expect(bad.body).toMatch(/id="filter-from"[^>]*aria-invalid="true"/);
    expect(bad.body).toContain('This filter is not valid');
    expect(rowsOf(bad.body)).toEqual([]);
    expect((await visitor.get(api('/console/invitations?lang=en&cursor=not-a-cursor'))).status).toBe(400);

    const home = await visitor.get(api('/console?lang=en'));
    expect(home.body).toContain('href="/api/console/invitations?status=pending&amp;only=expiring&amp;lang=en"');
    expect(home.body).toContain('href="/api/console/invitations?only=accepted-this-week&amp;lang=en"');
  });
});

describe('the API’s list, with the same filters', () => {
  it('when GET /api/invitations is given the order, days, expiring, delivery and accepted filters, then it answers only what matches', async () => {
    const email = uniqueEmail('api-list-filters');
    const old = await invited(email, { daysAgo: 10, expiresInDays: 1 });
    const soon = await invited(email, { expiresInDays: 1 });
    const ids = async (query: Record<string, string>) => {
      const answer = await listInvitations({ email, ...query });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.items.map((i) => i.id);
    };
    expect(await ids({})).toEqual([soon.invitation.id, old.invitation.id]);
    expect(await ids({ order: 'oldest' })).toEqual([old.invitation.id, soon.invitation.id]);
    expect(await ids({ expiresWithinHours: '48' })).toEqual([soon.invitation.id]);
    expect(await ids({ createdBefore: new Date(Date.now() - 86_400_000).toISOString() })).toEqual([old.invitation.id]);
    expect(await ids({ createdFrom: new Date(Date.now() - 86_400_000).toISOString() })).toEqual([soon.invitation.id]);
    expect(await ids({ deliveryFailed: 'true' })).toEqual([]);
    await accepted(soon.invitation.id);
    expect(await ids({ acceptedSince: new Date(Date.now() - 3_600_000).toISOString() })).toEqual([soon.invitation.id]);
    expect((await listInvitations({ email, order: 'sideways' })).status).toBe(400);
    expect((await listInvitations({ email, expiresWithinHours: '0' })).status).toBe(400);
  });
});

describe('an invitation’s page and its actions', () => {
  it('when the professional resends an invitation, then the old link says a newer invitation was sent, and the timeline says it', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const { invitation, link } = await invited(uniqueEmail('console-resend'));
    const shown = await visitor.get(page(invitation.id));
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('data-event="created"');
    expect(shown.body).toContain('whoever opens it sees that a newer invitation was sent');

    // Its listing row's summary follows the resend as the API's does: a new expiry, within 48 hours now.
    const expiring = async () =>
      rowsOf(
        (await visitor.get(api(`/console/invitations?lang=en&status=pending&only=expiring&email=${invitation.email}`)))
          .body,
      );
    expect(await expiring()).toEqual([]);
    const resent = await visitor.post(page(invitation.id, '/resend'), {
      csrf: csrfIn(shown.body),
      formToken: formTokenIn(shown.body),
      delivery: 'email',
      expiresInDays: '1',
    });
    expect(resent.status, resent.body.slice(0, 300)).toBe(303);
    expect(resent.location).toBe(api(`/console/invitations/${invitation.id}?done=resent&lang=en`));
    const after = await visitor.get(resent.location!);
    expect(after.body).toContain('data-done="resent"');
    expect(after.body).toContain('data-event="resent"');
    expect(decodeEntities(after.body)).toContain('Resent (by Tamer Mohamed-Nour)');
    expect(after.body).toMatch(/data-delivery="(queued|sent|delivered)"/);
    expect(await expiring()).toEqual([invitation.id]);

    const old = await fetch(link);
    expect(decodeEntities(await old.text())).toContain('A newer invitation was sent to you');
  });

  it('when an invitation given as a link gets a new link, then it is shown once, works, and the old one does not', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const { invitation, link } = await invited(uniqueEmail('console-new-link'));
    const shown = await visitor.get(page(invitation.id));
    expect(shown.body).toContain('Get a new link');
    const made = await visitor.post(page(invitation.id, '/resend'), {
      csrf: csrfIn(shown.body),
      formToken: formTokenIn(shown.body),
      delivery: 'link',
      expiresInDays: '7',
    });
    expect(made.status, made.body.slice(0, 300)).toBe(303);
    expect(made.location).not.toContain('key=');
    expect(made.setCookies.some((c) => c.startsWith('__Host-console-link='))).toBe(true);
    const withSecret = await visitor.get(made.location!);
    expect(withSecret.headers.get('cache-control')).toBe('no-store');
    const fresh = decodeEntities(/id="new-link" value="([^"]+)"/.exec(withSecret.body)?.[1] ?? '');
    keys.push(new URL(fresh).searchParams.get('key')!);
    expect(withSecret.body).toContain('Copy the link');
    expect((await fetch(fresh)).status).toBe(200);
    expect(decodeEntities(await (await fetch(link)).text())).toContain('A newer invitation was sent to you');
    const again = await visitor.get(made.location!);
    expect(again.body).not.toContain('id="new-link"');
    expect(again.body).toContain('data-delivery="not-requested"');
  });

  it('when a resend meets the API’s 409s or a bad expiry, then the page says so and nothing is sent', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const email = uniqueEmail('console-409');
    const expired = await invited(email, { daysAgo: 10, expiresInDays: 1 });
    const newer = await invited(email);
    const shown = await visitor.get(page(expired.invitation.id));
    const post = (body: Record<string, string>) =>
      visitor.post(page(expired.invitation.id, '/resend'), { csrf: csrfIn(shown.body), delivery: 'email', ...body });

    const bad = await post({ expiresInDays: '45' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('Enter a whole number of days from 1 to 30.');
    expect(bad.body).toMatch(/id="resend-expires"[^>]*aria-invalid="true"/);

    const pending = await post({ expiresInDays: '7' });
    expect(pending.status).toBe(409);
    expect(pending.body).toContain('data-refusal="invitation-pending"');
    expect(pending.body).toContain(`href="/api/console/invitations/${newer.invitation.id}?lang=en"`);

    await accepted(newer.invitation.id);
    const client = await post({ expiresInDays: '7' });
    expect(client.status).toBe(409);
    expect(client.body).toContain('data-refusal="already-client"');
    const acceptedOne = await visitor.post(page(newer.invitation.id, '/resend'), {
      csrf: csrfIn(shown.body),
      expiresInDays: '7',
    });
    expect(acceptedOne.status).toBe(409);
    expect(acceptedOne.body).toContain('data-refusal="not-resendable"');
    expect((await depsAt(0).invitations.get(expired.invitation.id))?.value.keyVersion).toBe(1);
  });

  it('when the professional revokes after confirming, then the invitation is revoked; an accepted one cannot be', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const { invitation, link } = await invited(uniqueEmail('console-revoke'));
    const confirm = await visitor.get(page(invitation.id, '/revoke'));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Yes, revoke the invitation');
    const revoked = await visitor.post(page(invitation.id, '/revoke'), { csrf: csrfIn(confirm.body) });
    expect(revoked.status).toBe(303);
    expect(revoked.location).toBe(api(`/console/invitations/${invitation.id}?done=revoked&lang=en`));
    const after = await visitor.get(revoked.location!);
    expect(after.body).toContain('data-status="revoked"');
    expect(after.body).toContain('data-event="revoked"');
    expect(after.body).toContain('Nothing more can be done with this invitation.');
    expect((await fetch(link)).status).toBe(404);

    const done = await invited(uniqueEmail('console-revoke-accepted'));
    await accepted(done.invitation.id);
    expect((await visitor.get(page(done.invitation.id, '/revoke'))).status).toBe(409);
    const refused = await visitor.post(page(done.invitation.id, '/revoke'), { csrf: csrfIn(confirm.body) });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('data-refusal="not-revocable"');
  });

  it('when a POST lacks the session’s CSRF token or comes from another site, then it is refused and nothing changes', async () => {
    const visitor = await signedIn(workforce().professionalUser);
    const { invitation } = await invited(uniqueEmail('console-actions-csrf'));
    const shown = await visitor.get(page(invitation.id));
    for (const action of ['/resend', '/revoke']) {
      const fields = { delivery: 'email', expiresInDays: '7' };
      expect((await visitor.post(page(invitation.id, action), { csrf: 'forged', ...fields })).status).toBe(403);
      expect((await visitor.post(page(invitation.id, action), fields)).status).toBe(403);
      const crossSite = await visitor.post(
        page(invitation.id, action),
        { csrf: csrfIn(shown.body), ...fields },
        { headers: { 'sec-fetch-site': 'cross-site' } },
      );
      expect(crossSite.status).toBe(403);
    }
    const stored = (await depsAt(0).invitations.get(invitation.id))!.value;
    expect(stored).toMatchObject({ status: 'pending', keyVersion: 1 });
  });

  it('when a professional lacks Invitations.Send, then every Invitations route is a 403 page', async () => {
    const { invitation } = await invited(uniqueEmail('console-actions-role'));
    const visitor = await signedIn(workforce().clientsOnlyUser, '/console?lang=en');
    const list = await visitor.get(api('/console/invitations?lang=en'));
    expect(list.status).toBe(403);
    expect(list.body).toContain('Invitations.Send');
    const csrf = csrfIn(list.body);
    expect((await visitor.get(page(invitation.id))).status).toBe(403);
    expect((await visitor.get(page(invitation.id, '/revoke'))).status).toBe(403);
    expect((await visitor.post(page(invitation.id, '/revoke'), { csrf })).status).toBe(403);
    expect((await visitor.post(page(invitation.id, '/resend'), { csrf, expiresInDays: '7' })).status).toBe(403);
    expect((await depsAt(0).invitations.get(invitation.id))!.value).toMatchObject({ status: 'pending', keyVersion: 1 });
  });

  it('when another provider’s professional opens or acts on a GFMS invitation, then every route is the 404 page, and nothing changes', async () => {
    const { invitation } = await invited(uniqueEmail('console-actions-other'));
    const other = await signedIn(workforce().otherProviderUser);
    const list = await other.get(api(`/console/invitations?lang=en&email=${invitation.email}`));
    expect(rowsOf(list.body)).toEqual([]);
    const csrf = csrfIn(list.body);
    for (const answer of [
      await other.get(page(invitation.id)),
      await other.get(page(invitation.id, '/revoke')),
      await other.post(page(invitation.id, '/revoke'), { csrf }),
      await other.post(page(invitation.id, '/resend'), { csrf, expiresInDays: '7' }),
      await other.get(api('/console/invitations/not-an-id?lang=en')),
      await other.get(page('00000000-0000-4000-8000-000000000000')),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toContain('There is no such invitation for your organisation.');
    }
    expect((await depsAt(0).invitations.get(invitation.id))!.value).toMatchObject({ status: 'pending', keyVersion: 1 });
  });
});

describe('the stack log after these requests', () => {
  it('when the tests above have run, then no link key they saw is in any log line', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const log = await readFile(path.resolve(import.meta.dirname, '../../.dev/test-integration/stack.log'), 'utf8');
    expect(log).toContain('console.invitation.resent');
    expect(log).toContain('console.invitation.revoked');
    expect(keys.length).toBeGreaterThanOrEqual(5);
    for (const key of keys) expect(log.includes(key), 'a link key in the stack log').toBe(false);
  });
});
