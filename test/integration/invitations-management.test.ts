/**
 * Managing invitations through the whole local stack: one invitation with its timeline and delivery status once
 * the dispatcher sent its email, the provider's list (newest first, `status` and `email` filters, cursor paging),
 * revoke (idempotent; a revoked invitation cannot be resent), and resend (also of an expired invitation, with
 * Idempotency-Key).
 */
import { describe, expect, it } from 'vitest';
import {
  call,
  depsAt,
  expectMessageCount,
  expectNoSecretInLog,
  expectTimeline,
  expiredInvitation,
  getInvitation,
  heading,
  type InvitationJson,
  invitationFor,
  invite,
  linkFields,
  linkIn,
  listInvitations,
  openPage,
  pageText,
  postForm,
  waitForInvitation,
} from '../support/invitations.js';
import { uniqueEmail, waitForMessage } from '../support/stack.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const revoke = (id: string) => call<InvitationJson & { code?: string }>('POST', `/invitations/${id}/revoke`);
const resend = (id: string, body: unknown = {}, idempotencyKey?: string) =>
  call<InvitationJson & { code?: string; errors?: Array<{ pointer: string }> }>('POST', `/invitations/${id}/resend`, {
    body,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });

async function created(email: string, extra: Record<string, unknown> = {}): Promise<InvitationJson> {
  const answer = await invite(invitationFor(email, { sendEmail: false, ...extra }));
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

describe.concurrent('GET /api/invitations/{id}', () => {
  it('when the email of an invitation was dispatched and delivered, then its timeline is created, email.queued, email.sent, email.delivered and delivery is delivered', async () => {
    const email = uniqueEmail('timeline');
    const invitation = await created(email, { sendEmail: true });
    expect(invitation.delivery).toEqual({ status: 'queued', attempts: 0 });
    const sent = await waitForInvitation(invitation.id, (i) => i.delivery.status === 'delivered');
    expect(sent.delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(Date.parse(sent.delivery.sentAt!)).toBeGreaterThanOrEqual(Date.parse(sent.createdAt));
    expectTimeline(sent.timeline, ['created', 'email.queued', 'email.sent', 'email.delivered']);
    expect(sent.timeline?.find((e) => e.event === 'created')).toEqual({
      at: sent.createdAt,
      event: 'created',
      detail: 'by Tamer Mohamed-Nour',
    });
    expect(sent.timeline?.find((e) => e.event === 'email.queued')?.at).toBe(sent.createdAt);
    expect(sent.timeline?.find((e) => e.event === 'email.sent')).toEqual({
      at: sent.delivery.sentAt,
      event: 'email.sent',
    });
    await expectMessageCount(email, 1, 0);

    const answer = await getInvitation(invitation.id);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('when the id is unknown or not a GUID, then 404', async () => {
    const unknown = crypto.randomUUID();
    for (const answer of [await getInvitation(unknown), await revoke(unknown), await resend(unknown)]) {
      expect(answer.status, answer.text).toBe(404);
      expect(answer.body.code).toBe('invitation-not-found');
    }
    expect((await getInvitation('not-a-guid')).status).toBe(404);
  });
});

describe.concurrent('GET /api/invitations', () => {
  it('when five invitations were made to one address (four revoked), then limit=2 pages them newest first with a cursor', async () => {
    const email = uniqueEmail('paging');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const invitation = await created(email, { firstName: `Round${i}` });
      ids.push(invitation.id);
      if (i < 4) expect((await revoke(invitation.id)).status).toBe(200);
    }
    const newestFirst = [...ids].reverse();

    const pages: string[][] = [];
    const seen: InvitationJson[] = [];
    let cursor: string | null = null;
    do {
      const answer = await listInvitations({ email, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.items.length).toBeLessThanOrEqual(2);
      pages.push(answer.body.items.map((i) => i.id));
      seen.push(...answer.body.items);
      cursor = answer.body.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
    const times = seen.map((i) => Date.parse(i.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const item of seen) expect(item).not.toHaveProperty('timeline');

    const all = await listInvitations({ email: `  ${email.toUpperCase()} ` });
    expect(all.body.items.map((i) => i.id)).toEqual(newestFirst);
    expect(all.body.nextCursor).toBeNull();
  });

  it('when the list is filtered by status and email, then only invitations in that status come back', async () => {
    const email = uniqueEmail('status-filter');
    const first = await created(email);
    expect((await revoke(first.id)).status).toBe(200);
    const second = await created(email);
    const revokedOnes = await listInvitations({ email, status: 'revoked' });
    expect(revokedOnes.body.items.map((i) => [i.id, i.status])).toEqual([[first.id, 'revoked']]);
    const pending = await listInvitations({ email, status: 'pending' });
    expect(pending.body.items.map((i) => [i.id, i.status])).toEqual([[second.id, 'pending']]);
    expect((await listInvitations({ email, status: 'expired' })).body.items).toEqual([]);

    const expiredEmail = uniqueEmail('status-expired');
    const { invitation } = await expiredInvitation(expiredEmail);
    const expired = await listInvitations({ email: expiredEmail, status: 'expired' });
    expect(expired.body.items.map((i) => [i.id, i.status])).toEqual([[invitation.id, 'expired']]);
    expect((await listInvitations({ email: expiredEmail, status: 'pending' })).body.items).toEqual([]);
  });

  it('when the whole list is read, then it is newest first', async () => {
    await created(uniqueEmail('newest'));
    const answer = await listInvitations({ limit: '20' });
    expect(answer.status).toBe(200);
    expect(answer.body.items.length).toBeGreaterThan(0);
    const times = answer.body.items.map((i) => Date.parse(i.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('when a filter is bad, then 400 names it', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ status: 'bogus' }, '#/status'],
      [{ limit: '0' }, '#/limit'],
      [{ limit: '101' }, '#/limit'],
      [{ email: 'nobody' }, '#/email'],
    ];
    for (const [query, pointer] of cases) {
      const answer = await listInvitations(query);
      expect(answer.status, answer.text).toBe(400);
      expect((answer.body as unknown as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer)).toEqual([
        pointer,
      ]);
    }
  });
});

describe.concurrent('revoke and resend', () => {
  it('when an invitation is revoked, then 200 revoked; again is the same 200; resend is 409; its link shows the 404 page', async () => {
    const email = uniqueEmail('revoke');
    const invitation = await created(email);
    const first = await revoke(invitation.id);
    expect(first.status, first.text).toBe(200);
    expect(first.body.status).toBe('revoked');
    expect(Math.abs(Date.parse(first.body.revokedAt!) - Date.now())).toBeLessThan(60_000);
    const again = await revoke(invitation.id);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ status: 'revoked', revokedAt: first.body.revokedAt });

    const refused = await resend(invitation.id);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('invitation-revoked');

    const read = await getInvitation(invitation.id);
    expect(read.body.status).toBe('revoked');
    expect(read.body.timeline?.filter((e) => e.event === 'revoked')).toEqual([
      { at: first.body.revokedAt, event: 'revoked', detail: 'by Tamer Mohamed-Nour' },
    ]);
    expect(read.body.timeline?.map((e) => e.event)).not.toContain('resent');
    const page = await openPage(invitation.acceptUrl!);
    expect(page.status).toBe(404);
    expect(heading(page.html)).toBe('Ce lien d’invitation n’est pas valide');

    // The address is free again.
    const next = await invite(invitationFor(email, { sendEmail: false }));
    expect(next.status, next.text).toBe(201);
  });

  it('when an invitation is revoked before its email goes out, then no email is sent', async () => {
    const email = uniqueEmail('revoke.early');
    const invitation = await created(email, { sendEmail: true });
    expect((await revoke(invitation.id)).status).toBe(200);
    await expectMessageCount(email, 0, 3_000);
    const read = await getInvitation(invitation.id);
    expect(read.body.timeline?.map((e) => e.event)).not.toContain('email.sent');
  });

  it('when an expired invitation is resent, then 200 pending with the new expiry, and a new email with a working link arrives', async () => {
    const email = uniqueEmail('resend.expired');
    const { invitation, link } = await expiredInvitation(email);
    expect((await getInvitation(invitation.id)).body.status).toBe('expired');

    const answer = await resend(invitation.id, { expiresInDays: 3 });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.status).toBe('pending');
    expect(Math.abs(Date.parse(answer.body.expiresAt) - (Date.now() + 3 * DAY_MS))).toBeLessThan(60_000);
    expect(answer.body.delivery).toEqual({ status: 'queued', attempts: 0 });

    const message = await waitForMessage(email);
    expect(message.subject).toBe('Camille Passé (GFMS) vous invite sur My rConnect\u00a0: votre nouveau lien');
    const page = await openPage(linkIn(message));
    expect(page.status).toBe(200);
    expect(heading(page.html)).toBe('Votre invitation à My rConnect');
    expect((await openPage(link)).status).toBe(410);
    const read = await waitForInvitation(invitation.id, (i) => ['sent', 'delivered'].includes(i.delivery.status));
    // Delivery reports arrive on their own time; this test is about the resend's events.
    expectTimeline(
      read.timeline?.filter((e) => e.event !== 'email.delivered'),
      ['created', 'resent', 'email.queued', 'email.sent'],
    );
    expect(read.timeline?.find((e) => e.event === 'resent')?.detail).toBe('by Tamer Mohamed-Nour');
    expect(read.timeline?.find((e) => e.event === 'created')?.detail).toBe('by Camille Passé');
  });

  it('when A expired, B was invited since and is pending, then resending A is 409 invitation-pending naming B, and A\u2019s "new link" is a 409 page: one pending invitation', async () => {
    const email = uniqueEmail('resend.newer');
    const { invitation: a, link } = await expiredInvitation(email);
    const b = await created(email);
    const answer = await resend(a.id);
    expect(answer.status, answer.text).toBe(409);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'invitation-pending', invitationId: b.id });

    const page = await postForm('/InviteUser/new-link', linkFields(link, 'en'));
    expect(page.status).toBe(409);
    expect(heading(page.html)).toBe('A newer invitation is waiting for you');
    expect(pageText(page.html)).toContain('GFMS has sent you a newer invitation since this one expired');
    const french = await postForm('/InviteUser/new-link', linkFields(link, 'fr'));
    expect(heading(french.html)).toBe('Une invitation plus récente vous attend');

    expect((await getInvitation(a.id)).body).toMatchObject({ status: 'expired', expiresAt: a.expiresAt.toISOString() });
    expect((await listInvitations({ email, status: 'pending' })).body.items.map((i) => i.id)).toEqual([b.id]);
    await expectMessageCount(email, 0, 2_000);
  });

  it('when an invitation has more than 200 events, then GET shows its first 200 and timelineTruncated: true', async () => {
    const invitation = await created(uniqueEmail('timeline.long'));
    const store = depsAt(0).invitations;
    const start = Date.parse(invitation.createdAt);
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.appendEvent(invitation.id, { at: new Date(start + 1 + batch * 50 + i), event: 'opened' }),
        ),
      );
    }
    const read = await getInvitation(invitation.id);
    expect(read.status).toBe(200);
    expect(read.body.timeline).toHaveLength(200);
    expect(read.body.timeline?.[0]?.event).toBe('created');
    expect(read.body.timelineTruncated).toBe(true);
    const short = await getInvitation((await created(uniqueEmail('timeline.short'))).id);
    expect(short.body).not.toHaveProperty('timelineTruncated');
  });

  it('when a resend is replayed with its Idempotency-Key, then the same 200 comes back and one email is sent', async () => {
    const email = uniqueEmail('resend.idem');
    const invitation = await created(email);
    const key = crypto.randomUUID();
    const first = await resend(invitation.id, {}, key);
    expect(first.status, first.text).toBe(200);
    const replay = await resend(invitation.id, {}, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);
    const reused = await resend(invitation.id, { expiresInDays: 9 }, key);
    expect(reused.status).toBe(422);
    await expectMessageCount(email, 1);
    const read = await getInvitation(invitation.id);
    expect(read.body.timeline?.filter((e) => e.event === 'resent')).toHaveLength(1);
  });

  it('when a resend body is bad, then 400 names the field and nothing changes', async () => {
    const invitation = await created(uniqueEmail('resend.bad'));
    for (const [body, pointer] of [
      [{ expiresInDays: 0 }, '#/expiresInDays'],
      [{ expiresInDays: 31 }, '#/expiresInDays'],
    ] as const) {
      const answer = await resend(invitation.id, body);
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.errors?.map((e) => e.pointer)).toEqual([pointer]);
    }
    const unknownField = await resend(invitation.id, { expiresInDays: 3, force: true });
    expect(unknownField.status, unknownField.text).toBe(400);
    const read = await getInvitation(invitation.id);
    expect(read.body.expiresAt).toBe(invitation.expiresAt);
    expect(read.body.timeline?.map((e) => e.event)).toEqual(['created']);
    expect((await openPage(invitation.acceptUrl!)).status).toBe(200);
  });
});

describe('the stack log after these requests', () => {
  it('when the tests above have run, then no invitation key and no bearer token of theirs is in any log line', async () => {
    await expectNoSecretInLog('integration');
  });
});
