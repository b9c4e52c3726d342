/**
 * The console's bulk invite against the local stack: the dev professional uploads French Excel's file (Windows-1252,
 * semicolons, accents) — a double submit is one batch —, the batch page follows it to the end and lists the rows not
 * invited with their emails (also as a CSV Excel opens), the bulk page lists the batch; pasted rows work too; files
 * that cannot be read, without rows, with a wrong header or too many rows come back as the form (400) and start no
 * batch; a multipart POST without the session's CSRF token or from another site is refused (403) and one over 8 MiB
 * is a 413 page before the session is read; every new route is a 403 page without `Invitations.Send` and another
 * provider's batch is a 404 page; no link key in the log.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import type { BatchSummary } from '../../shared/domain/bulk.js';
import { consoleVisitor } from '../support/console-http.js';
import { decodeEntities, expectMessageCount, keyOf, linkIn, listInvitations, sleep } from '../support/invitations.js';
import { csrfIn, type Exchange, type Visitor } from '../support/onboarding-http.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const workforce = () => stack().entra.workforce;
const BULK = '/console/invite/bulk?lang=en';

/** The service's own batch store (as `buildDeps` wires it), to see what was written. */
const batches = () => buildDeps(parseSettings(inject('stackSettings'))).bulk.batches;

const signedIn = (user: { username: string; password: string }, page = BULK) => consoleVisitor(user, page);

function formTokenIn(html: string): string {
  const token = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no form token in the page');
  return token;
}

/** A multipart form post as a browser sends it (same origin unless told), with the visitor's console session. */
async function postMultipart(
  visitor: Visitor,
  fields: Record<string, string>,
  file?: { bytes: Uint8Array<ArrayBuffer>; name?: string; type?: string },
  options: { headers?: Record<string, string>; withoutCookies?: boolean } = {},
): Promise<Exchange> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([file.bytes], { type: file.type ?? 'text/csv' }), file.name ?? 'people.csv');
  const origin = new URL(stack().functions.baseUrl).origin;
  const session = visitor.cookie('__Host-console');
  const response = await fetch(api(BULK), {
    method: 'POST',
    redirect: 'manual',
    body: form,
    headers: {
      origin,
      'sec-fetch-site': 'same-origin',
      ...(session && !options.withoutCookies ? { cookie: `__Host-console=${session}` } : {}),
      ...options.headers,
    },
  });
  const location = response.headers.get('location');
  return {
    method: 'POST',
    url: api(BULK),
    status: response.status,
    headers: response.headers,
    setCookies: response.headers.getSetCookie(),
    body: await response.text(),
    ...(location ? { location: new URL(location, api(BULK)).toString() } : {}),
  };
}

/** Text as Windows-1252 bytes (what French Excel saves as "CSV (séparateur : point-virgule)"). */
function windows1252(text: string): Uint8Array<ArrayBuffer> {
  const others: Record<string, number> = { '€': 0x80, '’': 0x92, Œ: 0x8c, œ: 0x9c };
  return Uint8Array.from(
    [...text].map((c) => {
      const byte = others[c] ?? c.charCodeAt(0);
      if (byte > 0xff) throw new Error(`no Windows-1252 byte for ${c}`);
      return byte;
    }),
  );
}

const utf8 = (text: string) => Uint8Array.from(new TextEncoder().encode(text));

/** Opens the batch page until the batch is done (bounded), and returns that page. */
async function finishedBatchPage(visitor: Visitor, location: string): Promise<Exchange> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const page = await visitor.get(location);
    expect(page.status, page.body.slice(0, 300)).toBe(200);
    if (page.body.includes('data-batch-status="completed"')) return page;
    if (Date.now() > deadline) throw new Error(`the batch at ${location} did not complete`);
    await sleep(200);
  }
}

const batchIdIn = (location: string) => /\/api\/console\/invite\/bulk\/([0-9a-f-]{36})\?lang=en$/.exec(location)?.[1];

/** The link keys of the invitations this file's bulks sent: none may be in a log line. */
const keys: string[] = [];

/** The console's batches (its app signs them) of GFMS, as the provider's listing holds them. */
let consoleAppId: string | undefined;
const consoleBatches = async (): Promise<BatchSummary[]> =>
  (await batches().recent('gfms', 1000)).filter((b) => b.professional.appId === consoleAppId);

const consoleBatchIds = async () => new Set((await consoleBatches()).map((b) => b.id));

/**
 * No batch started since `before` holds a row with `email`. Another file's bulks of GFMS may start meanwhile and be
 * listed with these (a CI run saw 5 more while this file ran beside invitations-bulk): new batches are looked into,
 * not counted.
 */
async function expectNoNewBatchWith(before: Set<string>, email: string): Promise<void> {
  for (const batch of (await consoleBatches()).filter((b) => !before.has(b.id))) {
    for (let n = 0; n < batch.chunks; n++) {
      const rows = (await batches().chunk(batch.id, n))?.value.rows ?? [];
      expect(rows.map((row) => row.details.email)).not.toContain(email);
    }
  }
}

describe('the console’s bulk invite', () => {
  let gfms: Visitor;
  let batchLocation: string;
  beforeAll(async () => {
    gfms = await signedIn(workforce().professionalUser);
  });

  it('when French Excel’s file (Windows-1252, semicolons, accents) is uploaded twice from the same form, then one batch runs; its page reaches 100 % and lists the rows not invited with their emails', async () => {
    const invite = await gfms.get(api('/console/invite?lang=en'));
    expect(invite.body).toContain('href="/api/console/invite/bulk?lang=en" data-bulk-link>Invite several people</a>');
    const form = await gfms.get(api(BULK));
    expect(form.status).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('<code>company.address.postalCode</code>');
    const good = [uniqueEmail('console-bulk.a'), uniqueEmail('console-bulk.b')];
    const repeated = good[0]!;
    const file = windows1252(
      `email;firstName;lastName;company.name\r\n${good[0]};Hélène;Lefèvre;Œuvres d’art Lefèvre\r\n` +
        `not-an-email;Zoé;Noël;\r\n${good[1]};François;Dupré;\r\n${repeated};Hélène;Lefèvre;\r\n`,
    );
    const fields = { csrf: csrfIn(form.body), formToken: formTokenIn(form.body) };
    const sent = await postMultipart(gfms, fields, { bytes: file, type: 'application/vnd.ms-excel' });
    expect(sent.status, sent.body.slice(0, 500)).toBe(303);
    const batchId = batchIdIn(sent.location!);
    expect(batchId).toBeDefined();
    const again = await postMultipart(gfms, fields, { bytes: file, type: 'application/vnd.ms-excel' });
    expect(again.status).toBe(303);
    expect(again.location).toBe(sent.location);
    batchLocation = sent.location!;
    consoleAppId = (await batches().header(batchId!))?.professional.appId;
    expect((await consoleBatches()).filter((b) => b.id === batchId)).toHaveLength(1);

    const page = await finishedBatchPage(gfms, batchLocation);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.body).toContain('<progress id="batch-progress" max="2" value="2">');
    expect(page.body).toContain('data-total="total">4<');
    expect(page.body).toContain('data-total="rejected">2<');
    expect(page.body).toContain('data-total="created">2<');
    const text = decodeEntities(page.body);
    expect(text).toContain('Rows not invited (2)');
    expect(text).toMatch(
      /data-row="2"><span class="where">Row 2<\/span> · <span>not-an-email<\/span><ul><li><code>email<\/code> : not a valid email address/,
    );
    expect(text).toContain(`<span>${repeated}</span><ul><li><code>email</code> : same email as row 1`);
    for (const [email, first, last] of [
      [good[0]!, 'Hélène', 'Lefèvre'],
      [good[1]!, 'François', 'Dupré'],
    ] as const) {
      const { items } = (await listInvitations({ email })).body;
      expect(items, email).toHaveLength(1);
      expect(items[0]).toMatchObject({ firstName: first, lastName: last, batchId });
      const [message] = await expectMessageCount(email, 1, 0);
      expect(message!.text).toContain(`Bonjour ${first} ${last},`);
      keys.push(keyOf(linkIn(message!)));
    }

    const csv = await gfms.get(api(`/console/invite/bulk/${batchId}/errors.csv?lang=fr`));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="invitations-non-envoyees-${batchId!.slice(0, 8)}.csv"`,
    );
    const bytes = new Uint8Array(
      await (
        await fetch(api(`/console/invite/bulk/${batchId}/errors.csv?lang=fr`), {
          headers: { cookie: `__Host-console=${gfms.cookie('__Host-console')}` },
        })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'Ligne;E-mail;Colonne;Problème',
      '2;not-an-email;email;adresse e-mail non valable',
      `4;${repeated};email;même adresse e-mail que la ligne 1`,
      '',
    ]);

    const list = await gfms.get(api(BULK));
    expect(list.body).toMatch(
      new RegExp(
        `<li data-batch="${batchId}" data-batch-status="completed"><a href="/api/console/invite/bulk/${batchId}\\?lang=en">`,
      ),
    );
  });

  it('when rows are pasted instead of a file, then they are read the same way', async () => {
    const form = await gfms.get(api(BULK));
    const email = uniqueEmail('console-bulk.pasted');
    const sent = await postMultipart(gfms, {
      csrf: csrfIn(form.body),
      formToken: formTokenIn(form.body),
      rows: `email,firstName,lastName\n${email},Zoé,Noël\n`,
    });
    expect(sent.status, sent.body.slice(0, 300)).toBe(303);
    const page = await finishedBatchPage(gfms, sent.location!);
    expect(page.body).toContain('data-total="created">1<');
    expect((await listInvitations({ email })).body.items[0]).toMatchObject({ firstName: 'Zoé', lastName: 'Noël' });
  });

  it('when rows give mobile numbers as spreadsheets hold them (06 12 34 56 78, 06.12…, a Belgian company’s 0470…), then they are read as the single Invite form reads them', async () => {
    const form = await gfms.get(api(BULK));
    const fr = uniqueEmail('console-bulk.national');
    const dotted = uniqueEmail('console-bulk.dotted');
    const belgian = uniqueEmail('console-bulk.belgian');
    const bad = uniqueEmail('console-bulk.bad');
    const sent = await postMultipart(gfms, {
      csrf: csrfIn(form.body),
      formToken: formTokenIn(form.body),
      rows: [
        'email;firstName;lastName;phone;company.name;company.address.line1;company.address.postalCode;company.address.city;company.address.country',
        `${fr};Élodie;Dupont;0612345678;;;;;`,
        `${dotted};Hugo;Point;06.12.34.56.79;;;;;`,
        `${belgian};Lotte;Peeters;0470 12 34 56;Brol;Rue Neuve 1;1000;Bruxelles;BE`,
        `${bad};Nina;Faux;0612;;;;;`,
      ].join('\n'),
    });
    expect(sent.status, sent.body.slice(0, 300)).toBe(303);
    const page = await finishedBatchPage(gfms, sent.location!);
    expect(page.body).toContain('data-total="created">3<');
    expect((await listInvitations({ email: fr })).body.items[0]).toMatchObject({ phone: '+33612345678' });
    expect((await listInvitations({ email: dotted })).body.items[0]).toMatchObject({ phone: '+33612345679' });
    expect((await listInvitations({ email: belgian })).body.items[0]).toMatchObject({ phone: '+32470123456' });
    // A number that cannot be read stays as typed: refused with its reason.
    expect(page.body).toContain('not a phone number we can read');
    expect((await listInvitations({ email: bad })).body.items).toEqual([]);
  });

  it('when a file cannot be read, has no rows, a wrong header or too many rows, or nothing is given, then the form comes back (400) with the reason and no batch starts', async () => {
    expect(consoleAppId).toBeDefined();
    const before = await consoleBatchIds();
    const email = uniqueEmail('console-bulk.bad');
    const cases: Array<[string, Uint8Array<ArrayBuffer> | undefined, string]> = [
      ['utf-16', Uint8Array.from([0xff, 0xfe, 0x65, 0x00]), 'The file cannot be read: the file is UTF-16'],
      ['empty', utf8('\r\n'), 'The file is empty'],
      ['header only', utf8('email;firstName;lastName\r\n'), 'The file has a header line but no rows.'],
      ['missing column', utf8(`email;firstName\r\n${email};Anna\r\n`), 'lacks the required column(s): lastName.'],
      [
        'unknown column',
        utf8(`email;firstName;lastName;fax\r\n${email};Anna;Martin;0102\r\n`),
        'column(s) that are not read: fax.',
      ],
      [
        'too many rows',
        utf8(
          `email;firstName;lastName\r\n${Array.from({ length: 10_001 }, (_, i) => `p${i}@example.com;A;B`).join('\r\n')}`,
        ),
        'The file has 10001 rows: at most 10000 at once.',
      ],
      ['nothing', undefined, 'Choose a CSV file or paste rows.'],
    ];
    for (const [name, bytes, reason] of cases) {
      const form = await gfms.get(api(BULK));
      const answer = await postMultipart(
        gfms,
        { csrf: csrfIn(form.body), formToken: formTokenIn(form.body) },
        bytes && { bytes },
      );
      expect(answer.status, name).toBe(400);
      expect(decodeEntities(answer.body), name).toContain(reason);
      expect(answer.body, name).toContain('role="alert"');
    }
    await expectNoNewBatchWith(before, email);
    expect((await listInvitations({ email })).body.items).toEqual([]);
  });

  it('when a multipart POST lacks the session’s CSRF token or comes from another site, then it is refused (403); over 8 MiB it is a 413 page before the session is read; nothing is written', async () => {
    const before = await consoleBatchIds();
    const form = await gfms.get(api(BULK));
    const email = uniqueEmail('console-bulk.csrf');
    const file = { bytes: utf8(`email;firstName;lastName\r\n${email};Anna;Martin\r\n`) };
    const formToken = formTokenIn(form.body);
    expect((await postMultipart(gfms, { csrf: 'forged', formToken }, file)).status).toBe(403);
    expect((await postMultipart(gfms, { formToken }, file)).status).toBe(403);
    const crossSite = await postMultipart(gfms, { csrf: csrfIn(form.body), formToken }, file, {
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const huge = await postMultipart(
      gfms,
      { csrf: csrfIn(form.body), formToken },
      { bytes: new Uint8Array(8 * 1024 * 1024 + 1).fill(0x41) },
      { withoutCookies: true },
    );
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toBe('text/html; charset=utf-8');
    await expectNoNewBatchWith(before, email);
    expect((await listInvitations({ email })).body.items).toEqual([]);
  });

  it('when a professional lacks Invitations.Send, then every bulk route is a 403 page; another provider’s professional gets 404 pages for GFMS’s batch', async () => {
    const batchId = batchIdIn(batchLocation)!;
    const clientsOnly = await signedIn(workforce().clientsOnlyUser, '/console?lang=en');
    for (const route of [
      BULK,
      '/console/invite/bulk/example.csv?lang=en',
      `/console/invite/bulk/${batchId}?lang=en`,
      `/console/invite/bulk/${batchId}/errors.csv?lang=en`,
    ]) {
      const answer = await clientsOnly.get(api(route));
      expect(answer.status, route).toBe(403);
      expect(answer.body, route).toContain('Invitations.Send');
    }
    const clients = await clientsOnly.get(api('/console/clients?lang=en'));
    const posted = await postMultipart(clientsOnly, { csrf: csrfIn(clients.body) }, { bytes: utf8('email\r\n') });
    expect(posted.status).toBe(403);

    const other = await signedIn(workforce().otherProviderUser, '/console?lang=en');
    for (const route of [
      `/console/invite/bulk/${batchId}?lang=en`,
      `/console/invite/bulk/${batchId}/errors.csv?lang=en`,
    ]) {
      const answer = await other.get(api(route));
      expect(answer.status, route).toBe(404);
      expect(answer.body, route).toContain('There is no such bulk invitation for your organisation.');
    }
    expect((await other.get(api('/console/invite/bulk/00000000-0000-4000-8000-000000000000?lang=en'))).status).toBe(
      404,
    );
    expect(decodeEntities((await other.get(api(BULK))).body)).not.toContain(batchId);
  });

  it('when the example is asked for, then it is a CSV for Excel with every column read', async () => {
    const example = await gfms.get(api('/console/invite/bulk/example.csv?lang=fr'));
    expect(example.status).toBe(200);
    expect(example.headers.get('content-disposition')).toBe('attachment; filename="exemple-invitations.csv"');
    const [header] = example.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(';').slice(0, 3)).toEqual(['email', 'firstName', 'lastName']);
  });
});

describe('the stack log after these requests', () => {
  it('when the tests above have run, then the console’s bulks are logged and no link key of their invitations is', async () => {
    await sleep(300);
    const log = await readFile(path.resolve(import.meta.dirname, '../../.dev/test-integration/stack.log'), 'utf8');
    expect(log).toContain('console.bulk.accepted');
    expect(log).toContain('console.bulk.refused');
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) expect(log.includes(key), 'a link key in the stack log').toBe(false);
  });
});
