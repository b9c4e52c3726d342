/**
 * `POST /api/InviteUser` for one invitation, through the whole local stack (built app, Azurite, local Entra and
 * ACS): the contract's 201, the email in the mailbox (French by default, English on request) with a link that
 * opens the landing page, `sendEmail: false`, and duplicates — case, whitespace and IDN spellings of one address,
 * Idempotency-Key replays and ten racing requests: one invitation and one email each time.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeEntities,
  expectMessageCount,
  expectNoSecretInLog,
  getInvitation,
  heading,
  type InvitationJson,
  invitationFor,
  invite,
  keyOf,
  linkIn,
  listInvitations,
  openPage,
  pageText,
} from '../support/invitations.js';
import { stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const origin = () => new URL(stack().functions.baseUrl).origin;
const INVITATION_FIELDS = [
  'id',
  'status',
  'email',
  'firstName',
  'lastName',
  'locale',
  'phone',
  'company',
  'message',
  'invitedBy',
  'createdAt',
  'expiresAt',
  'openedAt',
  'acceptedAt',
  'completedAt',
  'revokedAt',
  'batchId',
  'delivery',
  'acceptUrl',
  'timeline',
];
const linkPattern = (id: string) =>
  new RegExp(`^${origin()}/api/InviteUser\\?invitationId=${id}&key=[A-Za-z0-9_-]{43}$`.replace(/\./g, '\\.'));

const company = {
  name: 'URS Maintenance SARL',
  registrationNumber: '552 100 554 00021',
  address: { line1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'fr' },
};

describe.concurrent('POST /api/InviteUser: one invitation', () => {
  it('when a professional invites a person, then 201 with the invitation (no key, no acceptUrl, a Location) and a French email whose link opens the landing page', async () => {
    const email = uniqueEmail('create.fr');
    const answer = await invite(
      invitationFor(email, { phone: '+33612345634', company, message: 'Bonjour Willy,\nvoici votre accès.' }),
    );
    expect(answer.status, answer.text).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const invitation = answer.body as InvitationJson;
    expect(answer.headers.get('location')).toBe(`${origin()}/api/invitations/${invitation.id}`);
    expect(invitation).toMatchObject({
      status: 'pending',
      email,
      firstName: 'Willy',
      lastName: 'Urs',
      locale: 'fr',
      phone: '+33612345634',
      company: { ...company, address: { ...company.address, country: 'FR' } },
      invitedBy: { name: 'Tamer Mohamed-Nour' },
      delivery: { status: 'queued', attempts: 0 },
    });
    expect(invitation.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)).toBe(7 * DAY_MS);
    expect(Math.abs(Date.parse(invitation.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(invitation.acceptUrl).toBeUndefined();
    for (const field of Object.keys(invitation)) expect(INVITATION_FIELDS).toContain(field);

    const message = await waitForMessage(email);
    expect(message.subject).toBe('Tamer Mohamed-Nour (GFMS) vous invite sur My rConnect');
    expect(message.text).toMatch(/^Bonjour Willy Urs,\n/);
    expect(message.html).toContain('<html lang="fr"');
    // The seeded GFMS, read from its row: its French description, and seed 002's ending with its documentation.
    expect(message.text).toContain('\nMy rConnect est une plateforme qui vous aide');
    expect(message.text).not.toContain('My rConnect is a platform');
    expect(message.text).toContain(
      'Bienvenue à bord.\n\nL’équipe My rConnect\n\nP.-S. Besoin d’aide pour démarrer\u00a0? Consultez la documentation de My rConnect.\nhttps://docs.gfms.example/my-rconnect\n',
    );
    expect(message.html).toContain('<a href="https://docs.gfms.example/my-rconnect"');
    const link = linkIn(message);
    expect(link).toMatch(linkPattern(invitation.id));
    // The key is in the email only: never in the API's answers.
    expect(answer.text).not.toContain(keyOf(link));
    expect((await getInvitation(invitation.id)).text).not.toContain(keyOf(link));

    const page = await openPage(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.html).toContain('<html lang="fr">');
    expect(heading(page.html)).toBe('Votre invitation à My rConnect');
    const text = pageText(page.html);
    expect(text).toContain('Tamer Mohamed-Nour (GFMS) vous invite, Willy Urs, à rejoindre My rConnect.');
    expect(text).toContain('My rConnect est une plateforme qui vous aide');
    expect(text).toContain(email);
    expect(text).toContain('URS Maintenance SARL');
    expect(decodeEntities(page.html)).toContain(`<button type="submit" class="button">Accepter l'invitation</button>`);
  });

  it('when the invitation is in English, then the email and the landing page are in English', async () => {
    const email = uniqueEmail('create.en');
    const answer = await invite(invitationFor(email, { locale: 'en' }));
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.locale).toBe('en');
    const message = await waitForMessage(email);
    expect(message.subject).toBe('Tamer Mohamed-Nour (GFMS) invited you to My rConnect');
    expect(message.text).toMatch(/^Hello Willy Urs,\n/);
    expect(message.text).toContain('\nMy rConnect is a platform which helps you');
    expect(message.text).toContain('Check out the My rConnect documentation.\nhttps://docs.gfms.example/my-rconnect\n');
    const page = await openPage(linkIn(message));
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="en">');
    expect(heading(page.html)).toBe('Your invitation to My rConnect');
    expect(pageText(page.html)).toContain('Tamer Mohamed-Nour (GFMS) invites you, Willy Urs, to join My rConnect.');
    expect(page.html).toContain('>Accept the invitation</button>');
  });

  it('when sendEmail is false, then 201 returns the acceptUrl, no email is sent, and the acceptUrl opens the landing page', async () => {
    const email = uniqueEmail('create.noemail');
    const answer = await invite(invitationFor(email, { sendEmail: false }));
    expect(answer.status, answer.text).toBe(201);
    const invitation = answer.body as InvitationJson;
    expect(invitation.acceptUrl).toMatch(linkPattern(invitation.id));
    expect(invitation.delivery.status).toBe('not-requested');

    const page = await openPage(invitation.acceptUrl!);
    expect(page.status).toBe(200);
    expect(heading(page.html)).toBe('Votre invitation à My rConnect');
    expect(pageText(page.html)).toContain('Tamer Mohamed-Nour (GFMS) vous invite, Willy Urs, à rejoindre My rConnect.');
    // The link is handed out once: the invitation read later does not carry it.
    const read = await getInvitation(invitation.id);
    expect(read.body.acceptUrl).toBeUndefined();
    expect(read.text).not.toContain(keyOf(invitation.acceptUrl!));
    expect(read.body.timeline?.map((e) => e.event)).toEqual(['created']);
    await expectMessageCount(email, 0);
  });

  it('when expiresInDays is 1 or 30, then expiresAt is that many days after createdAt', async () => {
    for (const days of [1, 30]) {
      const answer = await invite(
        invitationFor(uniqueEmail(`create.days${days}`), { expiresInDays: days, sendEmail: false }),
      );
      expect(answer.status, answer.text).toBe(201);
      expect(Date.parse(answer.body.expiresAt) - Date.parse(answer.body.createdAt)).toBe(days * DAY_MS);
    }
  });
});

describe.concurrent('POST /api/InviteUser: duplicates and replays', () => {
  it('when the same email is invited again in other case and with whitespace, then 409 invitation-pending names the first invitation', async () => {
    const email = uniqueEmail('dup.case');
    const first = await invite(invitationFor(email, { sendEmail: false }));
    expect(first.status, first.text).toBe(201);
    const second = await invite(invitationFor(`  ${email.toUpperCase()}\t`, { firstName: 'Other', sendEmail: false }));
    expect(second.status, second.text).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(second.body).toMatchObject({
      status: 409,
      code: 'invitation-pending',
      type: 'https://onboarding.example/problems/invitation-pending',
      invitationId: first.body.id,
    });
    const listed = await listInvitations({ email });
    expect(listed.body.items.map((i) => i.id)).toEqual([first.body.id]);
  });

  it('when an IDN address is invited in Unicode and then in punycode, then it is one person: 409 invitation-pending', async () => {
    const local = uniqueEmail('idn').split('@')[0]!;
    const first = await invite(invitationFor(`${local}@Bücher.example`, { sendEmail: false }));
    expect(first.status, first.text).toBe(201);
    expect(first.body.email).toBe(`${local}@xn--bcher-kva.example`);
    const second = await invite(invitationFor(`${local.toUpperCase()}@XN--BCHER-KVA.example`, { sendEmail: false }));
    expect(second.status, second.text).toBe(409);
    expect(second.body).toMatchObject({ code: 'invitation-pending', invitationId: first.body.id });
    const third = await invite(invitationFor(`${local}@bücher.example `, { sendEmail: false }));
    expect(third.status, third.text).toBe(409);
    expect(third.body.invitationId).toBe(first.body.id);
  });

  it('when a request is replayed with its Idempotency-Key, then the same 201 comes back marked Idempotent-Replayed, with one invitation and one email', async () => {
    const email = uniqueEmail('idem.replay');
    const key = crypto.randomUUID();
    const body = invitationFor(email, { message: 'Replay me' });
    const first = await invite(body, { idempotencyKey: key });
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const replay = await invite(body, { idempotencyKey: key });
    expect(replay.status, replay.text).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    const listed = await listInvitations({ email });
    expect(listed.body.items.map((i) => i.id)).toEqual([first.body.id]);
    await expectMessageCount(email, 1);
  });

  it('when an Idempotency-Key is reused with another body, then 422 and the second body creates nothing', async () => {
    const key = crypto.randomUUID();
    const email = uniqueEmail('idem.first');
    const other = uniqueEmail('idem.other');
    const first = await invite(invitationFor(email, { sendEmail: false }), { idempotencyKey: key });
    expect(first.status, first.text).toBe(201);
    const reused = await invite(invitationFor(other, { sendEmail: false }), { idempotencyKey: key });
    expect(reused.status, reused.text).toBe(422);
    expect(reused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(reused.body.code).toBe('idempotency-key-reused');
    expect((await listInvitations({ email: other })).body.items).toEqual([]);
    // The key still answers its own request.
    const replay = await invite(invitationFor(email, { sendEmail: false }), { idempotencyKey: key });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
  });

  it('when 40 requests with one Idempotency-Key and an invalid body race, then each is a 400 or a 409 request-in-progress, never a 5xx', async () => {
    const key = crypto.randomUUID();
    const body = invitationFor('not-an-address', { lastName: 'Racer' });
    const answers = await Promise.all(Array.from({ length: 40 }, () => invite(body, { idempotencyKey: key })));
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s !== 400 && s !== 409),
      answers.map((a) => a.text).join('\n'),
    ).toEqual([]);
    expect(statuses).toContain(400);
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.code).toBe('request-in-progress');
    for (const answer of answers.filter((a) => a.status === 400)) expect(answer.body.code).toBe('validation-failed');
  });

  it('when 10 requests for the same new email race without keys, then exactly one 201 and nine 409 naming it, and one email', async () => {
    const email = uniqueEmail('race');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => invite(invitationFor(email, { lastName: `Racer ${i}` }))),
    );
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    expect(
      answers.map((a) => a.status),
      answers.map((a) => a.text).join('\n'),
    ).toHaveLength(10);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const answer of refused) {
      expect(answer.body).toMatchObject({ code: 'invitation-pending', invitationId: created[0]!.body.id });
    }
    expect((await listInvitations({ email })).body.items.map((i) => i.id)).toEqual([created[0]!.body.id]);
    const [message] = await expectMessageCount(email, 1);
    expect(linkIn(message!)).toMatch(linkPattern(created[0]!.body.id));
  });
});

describe('the stack log after these requests', () => {
  it('when the tests above have run, then no invitation key and no bearer token of theirs is in any log line', async () => {
    await expectNoSecretInLog('integration');
  });
});
