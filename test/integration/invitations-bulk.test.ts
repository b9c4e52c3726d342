/**
 * Bulk invitations through the whole local stack: JSON `{ invitations: [...] }` and `text/csv` (header row, quoted
 * fields, comma or semicolon) are validated row by row at once (202 with the rejected rows), invited in the
 * background by the batch queue, and their emails sent by the dispatcher; the batch's progress says so. Rows for
 * an address already invited are refused as `invitation-pending`; another provider cannot see the batch.
 */
import { describe, expect, it } from 'vitest';
import {
  type ApiAnswer,
  call,
  expectMessageCount,
  expectNoSecretInLog,
  heading,
  type InvitationJson,
  invitationFor,
  invite,
  linkIn,
  listInvitations,
  openPage,
  sleep,
} from '../support/invitations.js';
import { stack, uniqueEmail } from '../support/stack.js';

interface Accepted {
  batchId: string;
  accepted: number;
  rejected: Array<{ index: number; errors: Array<{ pointer: string; detail: string }> }>;
}

interface Progress {
  batchId: string;
  status: 'processing' | 'completed';
  total: number;
  accepted: number;
  rejected: Accepted['rejected'];
  created: number;
  refused: Array<{ index: number; code: string; invitationId?: string }>;
  delivery: { sent: number; failed: number; pending: number };
}

const origin = () => new URL(stack().functions.baseUrl).origin;

function bulk(body: unknown, options: { contentType?: string; idempotencyKey?: string; as?: 'other-provider' } = {}) {
  return call<Accepted & { code?: string; detail?: string; row?: number; errors?: Array<{ pointer: string }> }>(
    'POST',
    '/InviteUser',
    {
      body,
      ...options,
    },
  );
}

const batch = (batchId: string, as?: 'other-provider') =>
  call<Progress & { code?: string }>('GET', `/invitations/batches/${batchId}`, as ? { as } : {});

/** Polls the batch until it is completed and every email it expects is counted (bounded). */
async function settledBatch(batchId: string, sent: number, timeoutMs = 15_000): Promise<Progress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await batch(batchId);
    expect(answer.status, answer.text).toBe(200);
    if (answer.body.status === 'completed' && answer.body.delivery.sent >= sent) return answer.body;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} did not settle: ${answer.text}`);
    await sleep(150);
  }
}

function expectAccepted(answer: ApiAnswer<Accepted>, accepted: number): void {
  expect(answer.status, answer.text).toBe(202);
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(answer.body.batchId).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer.headers.get('location')).toBe(`${origin()}/api/invitations/batches/${answer.body.batchId}`);
  expect(answer.body.accepted).toBe(accepted);
}

/** Text as Windows-1252 bytes (what French Excel saves): Latin-1 characters as themselves, and the few others. */
function windows1252(text: string): Uint8Array {
  const others: Record<string, number> = { '€': 0x80, '’': 0x92, Œ: 0x8c, œ: 0x9c };
  return Uint8Array.from(
    [...text].map((c) => {
      const byte = others[c] ?? c.charCodeAt(0);
      if (byte > 0xff) throw new Error(`add ${c} to the characters written as their Windows-1252 byte`);
      return byte;
    }),
  );
}

async function invitationOf(email: string): Promise<InvitationJson> {
  const items = (await listInvitations({ email })).body.items;
  expect(items, email).toHaveLength(1);
  return items[0]!;
}

describe.concurrent('bulk invitations', () => {
  it('when a JSON bulk has 3 good rows, a bad one and a duplicate, then 202 rejects those two, and the batch completes with 3 invitations and 3 emails sent', async () => {
    const emails = [uniqueEmail('bulk.a'), uniqueEmail('bulk.b'), uniqueEmail('bulk.c')];
    const answer = await bulk({
      invitations: [
        invitationFor(emails[0]!),
        invitationFor(emails[1]!, { locale: 'en', lastName: 'Bee' }),
        invitationFor(emails[2]!, { expiresInDays: 3 }),
        { email: 'nobody', firstName: '', lastName: 'Bad' },
        invitationFor(` ${emails[0]!.toUpperCase()}`, { firstName: 'Twice' }),
      ],
    });
    expectAccepted(answer, 3);
    expect(answer.body.rejected).toEqual([
      {
        index: 3,
        errors: [
          { pointer: '#/email', detail: expect.any(String) },
          { pointer: '#/firstName', detail: expect.any(String) },
        ],
      },
      { index: 4, errors: [{ pointer: '#/email', detail: 'email is the same as in row 0' }] },
    ]);

    const progress = await settledBatch(answer.body.batchId, 3);
    expect(progress).toMatchObject({
      batchId: answer.body.batchId,
      status: 'completed',
      total: 5,
      accepted: 3,
      created: 3,
      refused: [],
      delivery: { sent: 3, failed: 0, pending: 0 },
    });
    expect(progress.rejected.map((r) => r.index)).toEqual([3, 4]);

    const [a, b, c] = await Promise.all(emails.map((email) => expectMessageCount(email, 1, 1_000)));
    expect(a![0]!.subject).toBe('Tamer Mohamed-Nour (GFMS) vous invite sur My rConnect');
    expect(b![0]!.subject).toBe('Tamer Mohamed-Nour (GFMS) invited you to My rConnect');
    const page = await openPage(linkIn(c![0]!));
    expect(page.status).toBe(200);
    expect(heading(page.html)).toBe('Votre invitation à My rConnect');
    const invitation = await invitationOf(emails[2]!);
    expect(invitation.batchId).toBe(answer.body.batchId);
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)).toBe(3 * 24 * 60 * 60 * 1000);
  });

  it('when a CSV with a header row and a quoted field holding a comma is sent, then it works as JSON does', async () => {
    const emails = [uniqueEmail('csv.a'), uniqueEmail('csv.b')];
    const csv = [
      'email,firstName,lastName,company.name,company.vatNumber,expiresInDays',
      `${emails[0]},Willy,"Urs, Jr",ACME,,`,
      `${emails[1]},"Zoé","Martin","Dupont ""et fils"", SARL",FR40552100554,5`,
      'not-an-email,Bad,Row,,,',
      `${emails[0]},Again,Twice,,,`,
    ].join('\n');
    const answer = await bulk(csv, { contentType: 'text/csv; charset=utf-8' });
    expectAccepted(answer, 2);
    expect(answer.body.rejected.map((r) => [r.index, r.errors.map((e) => e.pointer)])).toEqual([
      [2, ['#/email']],
      [3, ['#/email']],
    ]);
    const progress = await settledBatch(answer.body.batchId, 2);
    expect(progress).toMatchObject({ status: 'completed', total: 4, created: 2, delivery: { sent: 2, failed: 0 } });

    const first = await invitationOf(emails[0]!);
    expect(first).toMatchObject({ firstName: 'Willy', lastName: 'Urs, Jr', company: { name: 'ACME' } });
    const second = await invitationOf(emails[1]!);
    expect(second).toMatchObject({
      firstName: 'Zoé',
      company: { name: 'Dupont "et fils", SARL', vatNumber: 'FR40552100554' },
      batchId: answer.body.batchId,
    });
    expect(Date.parse(second.expiresAt) - Date.parse(second.createdAt)).toBe(5 * 24 * 60 * 60 * 1000);
    await Promise.all(emails.map((email) => expectMessageCount(email, 1, 0)));
  });

  it('when a semicolon-separated CSV (CRLF, BOM) is sent, then it works the same', async () => {
    const emails = [uniqueEmail('csv.semi.a'), uniqueEmail('csv.semi.b')];
    const csv = `\uFEFFemail;firstName;lastName;message;locale\r\n${emails[0]};Anne;"Dupont; Durand";"Bonjour; à bientôt";fr\r\n${emails[1]};Bob;Smith;;en\r\n`;
    const answer = await bulk(csv, { contentType: 'text/csv' });
    expectAccepted(answer, 2);
    expect(answer.body.rejected).toEqual([]);
    const progress = await settledBatch(answer.body.batchId, 2);
    expect(progress).toMatchObject({ status: 'completed', total: 2, created: 2, delivery: { sent: 2 } });
    expect(await invitationOf(emails[0]!)).toMatchObject({
      lastName: 'Dupont; Durand',
      message: 'Bonjour; à bientôt',
      locale: 'fr',
    });
    expect((await invitationOf(emails[1]!)).locale).toBe('en');
    await Promise.all(emails.map((email) => expectMessageCount(email, 1, 0)));
  });

  it('when French Excel\'s "CSV (séparateur : point-virgule)" is sent (Windows-1252 bytes), with or without charset=windows-1252, then the invitation and its email say "Hélène Lefèvre"', async () => {
    const emails = [uniqueEmail('csv.cp1252.a'), uniqueEmail('csv.cp1252.b')];
    const answers = await Promise.all(
      [emails[0]!, emails[1]!].map((email, i) =>
        bulk(windows1252(`email;firstName;lastName;company.name\r\n${email};Hélène;Lefèvre;Œuvres d’art Lefèvre\r\n`), {
          contentType: i === 0 ? 'text/csv' : 'text/csv; charset=windows-1252',
        }),
      ),
    );
    for (const answer of answers) expectAccepted(answer, 1);
    await Promise.all(answers.map((answer) => settledBatch(answer.body.batchId, 1)));
    for (const email of emails) {
      expect(await invitationOf(email)).toMatchObject({
        firstName: 'Hélène',
        lastName: 'Lefèvre',
        company: { name: 'Œuvres d’art Lefèvre' },
      });
      const [message] = await expectMessageCount(email, 1, 0);
      expect(message!.text).toContain('Bonjour Hélène Lefèvre,');
      expect(message!.html).toContain('Bonjour Hélène Lefèvre,');
      expect(`${message!.text}${message!.html}`).not.toContain('\uFFFD');
    }
  });

  it('when a CSV names a charset other than UTF-8 or Windows-1252, or says UTF-8 for Windows-1252 bytes, then 415 or 400 and no batch', async () => {
    const csv = windows1252('email;firstName;lastName\r\nnobody@example.com;Hélène;Lefèvre\r\n');
    const unknown = await bulk(csv, { contentType: 'text/csv; charset=koi8-r' });
    expect(unknown.status, unknown.text).toBe(415);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(unknown.body.code).toBe('unsupported-media-type');
    expect(unknown.body.batchId).toBeUndefined();
    const wrong = await bulk(csv, { contentType: 'text/csv; charset=utf-8' });
    expect(wrong.status, wrong.text).toBe(400);
    expect(wrong.body.code).toBe('validation-failed');
    expect(wrong.body.errors).toEqual([{ pointer: '#', detail: expect.stringMatching(/^row 1 is not valid UTF-8/) }]);
    expect(wrong.body.row).toBe(1);
    expect(wrong.body.batchId).toBeUndefined();
  });

  it('when the 9th row of French Excel\'s CSV holds =HYPERLINK("x") unquoted, then 400 validation-failed naming row 9 (in `row` and in words) and no batch', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `${uniqueEmail(`bulk.quote${i}`)};Hélène;Lefèvre`);
    const csv = windows1252(
      ['email;firstName;lastName', ...rows, `${uniqueEmail('bulk.quote9')};=HYPERLINK("x");Noël`, ''].join('\r\n'),
    );
    const answer = await bulk(csv, { contentType: 'text/csv' });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body).toMatchObject({ code: 'validation-failed', detail: 'The CSV cannot be read.', row: 9 });
    expect(answer.body.errors).toEqual([
      {
        pointer: '#',
        detail: expect.stringMatching(
          /^row 9: a cell holds a quote \("\) but is not between quotes; put the whole cell between double quotes/,
        ),
      },
    ]);
    expect(answer.body.batchId).toBeUndefined();
  });

  it('when a row is for an address already invited, then the batch refuses it as invitation-pending and sends it nothing', async () => {
    const pendingEmail = uniqueEmail('bulk.pending');
    const existing = await invite(invitationFor(pendingEmail, { sendEmail: false }));
    expect(existing.status, existing.text).toBe(201);
    const fresh = uniqueEmail('bulk.fresh');
    const answer = await bulk({ invitations: [invitationFor(fresh), invitationFor(pendingEmail.toUpperCase())] });
    expectAccepted(answer, 2);
    const progress = await settledBatch(answer.body.batchId, 1);
    expect(progress).toMatchObject({
      status: 'completed',
      created: 1,
      refused: [{ index: 1, code: 'invitation-pending', invitationId: existing.body.id }],
      delivery: { sent: 1, failed: 0, pending: 0 },
    });
    expect((await listInvitations({ email: pendingEmail })).body.items.map((i) => i.id)).toEqual([existing.body.id]);
    await expectMessageCount(fresh, 1, 0);
    await expectMessageCount(pendingEmail, 0, 1_000);
  });

  it('when another provider asks for the batch, then 404 exactly as for an unknown batch', async () => {
    const answer = await bulk({ invitations: [invitationFor(uniqueEmail('bulk.private'), { sendEmail: false })] });
    expectAccepted(answer, 1);
    const unknown = await batch(crypto.randomUUID(), 'other-provider');
    expect(unknown.status, unknown.text).toBe(404);
    expect(unknown.body.code).toBe('batch-not-found');
    const other = await batch(answer.body.batchId, 'other-provider');
    expect(other.status).toBe(404);
    expect(other.text).toBe(unknown.text);
    expect((await batch(answer.body.batchId)).status).toBe(200);
  });

  it('when a bulk is replayed with its Idempotency-Key (JSON or CSV), then the same 202 comes back and one batch runs', async () => {
    const email = uniqueEmail('bulk.idem');
    const key = crypto.randomUUID();
    const body = { invitations: [invitationFor(email)] };
    const first = await bulk(body, { idempotencyKey: key });
    expectAccepted(first, 1);
    const replay = await bulk(body, { idempotencyKey: key });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);

    const csvEmail = uniqueEmail('bulk.idem.csv');
    const csv = `email,firstName,lastName\n${csvEmail},Carl,Csv\n`;
    const csvKey = crypto.randomUUID();
    const csvFirst = await bulk(csv, { contentType: 'text/csv', idempotencyKey: csvKey });
    expectAccepted(csvFirst, 1);
    const csvReplay = await bulk(csv, { contentType: 'text/csv', idempotencyKey: csvKey });
    expect(csvReplay.headers.get('idempotent-replayed')).toBe('true');
    expect(csvReplay.body.batchId).toBe(csvFirst.body.batchId);

    await settledBatch(first.body.batchId, 1);
    await settledBatch(csvFirst.body.batchId, 1);
    await Promise.all([expectMessageCount(email, 1), expectMessageCount(csvEmail, 1)]);
  });

  it("when a 10,000-row bulk has every row rejected, then its 202, its replay and its progress all carry the 10,000 rejected rows (stored in pages within Azure's limits)", async () => {
    const invitations = Array.from({ length: 10_000 }, (_, i) => ({
      email: `not-an-address-${i}`,
      firstName: '',
      lastName: '',
      locale: 'xx',
    }));
    const key = crypto.randomUUID();
    const first = await bulk({ invitations }, { idempotencyKey: key });
    expectAccepted(first, 0);
    expect(first.body.rejected).toHaveLength(10_000);
    expect(first.body.rejected[9_999]!.index).toBe(9_999);
    expect(first.body.rejected[0]!.errors.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['#/email', '#/firstName', '#/lastName', '#/locale']),
    );
    // The rejected rows alone weigh more than an entity may hold once counted in UTF-16 (1 MiB).
    expect(2 * JSON.stringify(first.body.rejected).length).toBeGreaterThan(1024 * 1024);

    const replay = await bulk({ invitations }, { idempotencyKey: key });
    expect(replay.status, replay.text.slice(0, 300)).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);

    const progress = await batch(first.body.batchId);
    expect(progress.status, progress.text.slice(0, 300)).toBe(200);
    expect(progress.body).toMatchObject({ status: 'completed', total: 10_000, accepted: 0, created: 0 });
    expect(progress.body.rejected).toEqual(first.body.rejected);
  }, 60_000);

  it('when a bulk cannot be read, then 400 and no batch', async () => {
    const cases: Array<[unknown, string | undefined, string]> = [
      [{ invitations: [] }, undefined, '#/invitations'],
      [{ invitations: 'all' }, undefined, '#/invitations'],
      ['email,firstName,lastName\n', 'text/csv', '#'],
      ['email,firstName,lastName\n"a@example.com,A,B\n', 'text/csv', '#'],
      ['email,firstName\na@example.com,A,B\n', 'text/csv', '#'],
      ['email,company,company.name\na@example.com,ACME,ACME SA\n', 'text/csv', '#'],
    ];
    for (const [body, contentType, pointer] of cases) {
      const answer = await bulk(body, contentType ? { contentType } : {});
      expect(answer.status, answer.text).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(answer.body.code).toBe('validation-failed');
      expect(answer.body.errors?.map((e) => e.pointer)).toEqual([pointer]);
      expect(answer.body.batchId).toBeUndefined();
    }
  });
});

describe('the stack log after these requests', () => {
  it('when the tests above have run, then no invitation key and no bearer token of theirs is in any log line', async () => {
    await expectNoSecretInLog('integration');
  });
});
