/**
 * The console's bulk invite at the edge and in its pages: a page's body rule (multipart with files, its limit, a
 * malformed body), the header check against the columns the API reads, the rows not invited in the page's language
 * and as CSV for Excel (BOM, semicolons, no formula), and the progress bar's 100 %.
 */
import type { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../shared/domain/bulk.js';
import { BrowserRefusal } from '../../shared/http/browser.js';
import { readConsoleForm } from '../../shared/http/console-form.js';
import { CsvError, type CsvProblem, decodeCsv, parseCsv } from '../../shared/http/csv.js';
import { csvHeaderProblem, readBulkRequest } from '../../shared/http/invitation-bulk.js';
import { invitationRequestSchema } from '../../shared/http/invitation-schema.js';
import { fieldProblems, RequestProblem } from '../../shared/http/request.js';
import {
  exampleCsv,
  handled,
  renderConsoleBatch,
  rowProblems,
  rowProblemsCsv,
} from '../../shared/web/console-bulk-pages.js';
import { consoleBulkMessages } from '../../shared/web/messages/console-bulk.js';

/** A request as the host gives it, over a body built by the platform's own `Request` (a real multipart body). */
function requestOf(body: FormData | string, contentType?: string): HttpRequest {
  const built = new Request('https://console.test/api/console/invite/bulk', {
    method: 'POST',
    body,
    ...(contentType ? { headers: { 'content-type': contentType } } : {}),
  });
  return {
    method: 'POST',
    url: built.url,
    headers: built.headers,
    arrayBuffer: () => built.arrayBuffer(),
    text: () => built.text(),
  } as unknown as HttpRequest;
}

const progress = (overrides: Partial<BatchProgress> = {}): BatchProgress => ({
  batchId: '6f1c1f56-3d4c-4a8e-9f6a-2b7f1c9d0e11',
  status: 'completed',
  createdAt: new Date('2026-11-30T10:00:00Z'),
  total: 5,
  accepted: 3,
  rejected: [
    { index: 1, email: 'not-an-email', errors: [{ pointer: '#/email', detail: 'must be a valid email address' }] },
    {
      index: 4,
      email: '=HYPERLINK("https://evil.example")',
      errors: [
        { pointer: '#/lastName', detail: 'Invalid input: expected string, received undefined' },
        { pointer: '#/company/address/country', detail: 'must be an ISO 3166-1 alpha-2 country code, e.g. FR' },
      ],
    },
  ],
  created: 2,
  emailed: 2,
  refused: [{ index: 2, code: 'invitation-pending', email: 'anna@example.com', invitationId: 'x' }],
  delivery: { sent: 1, failed: 0, pending: 1 },
  ...overrides,
});

describe('a console page’s body rule', () => {
  it('when a multipart form is posted to a page that takes it, then its fields and its file’s bytes come as they were sent', async () => {
    const form = new FormData();
    form.append('csrf', 'token');
    const bytes = Uint8Array.from([0x48, 0xe9, 0x6c, 0xe8, 0x6e, 0x65]); // "Hélène" in Windows-1252
    form.append('file', new Blob([bytes], { type: 'application/vnd.ms-excel' }), 'people.csv');
    const read = await readConsoleForm(requestOf(form), { limit: 1024, multipart: true });
    expect(read.fields.get('csrf')).toBe('token');
    expect(read.files.get('file')).toEqual({ name: 'people.csv', type: 'application/vnd.ms-excel', bytes });
  });

  it('when a multipart form is larger than the page’s limit, or posted to a page that takes only urlencoded forms, or malformed, then it is refused', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(2048)]), 'big.csv');
    await expect(readConsoleForm(requestOf(form), { limit: 1024, multipart: true })).rejects.toMatchObject({
      status: 413,
    });
    const small = new FormData();
    small.append('csrf', 'token');
    await expect(readConsoleForm(requestOf(small), { limit: 16 * 1024 })).rejects.toMatchObject({ status: 415 });
    const malformed = readConsoleForm(requestOf('--x\r\nnonsense', 'multipart/form-data; boundary=x'), {
      limit: 1024,
      multipart: true,
    });
    await expect(malformed).rejects.toBeInstanceOf(BrowserRefusal);
    await expect(malformed).rejects.toMatchObject({ status: 415 });
  });
});

describe('the bulk CSV’s header', () => {
  it('when the header lacks a required column or names one the API does not read, then it says which', () => {
    expect(csvHeaderProblem('email;firstName;lastName\r\na@b.fr;A;B')).toBeUndefined();
    expect(csvHeaderProblem('email,lastName,company.address.city\r\n')).toEqual({
      kind: 'missing',
      columns: ['firstName'],
    });
    expect(csvHeaderProblem('email;firstName;lastName;fax;Company\r\n')).toEqual({
      kind: 'unknown',
      columns: ['fax', 'Company'],
    });
  });

  it('when the example file is read back, then its header passes the check and its rows are the example people', () => {
    const text = exampleCsv();
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(csvHeaderProblem(text)).toBeUndefined();
    expect(text).toContain('anna.martin@example.com;Anna;Martin;fr;+33612345678;7;À bientôt;oui;Hélène Lefèvre SARL');
  });
});

describe('a CSV that cannot be read', () => {
  /** French Excel's file (Windows-1252, semicolons) whose 9th row holds a formula written with unquoted quotes. */
  const frenchExcel = () => {
    const rows = Array.from({ length: 8 }, (_, i) => `personne${i}@example.com;Hélène;Lefèvre`);
    const text = ['email;firstName;lastName', ...rows, 'x@example.com;=HYPERLINK("x");Noël', ''].join('\r\n');
    return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
  };

  /** What the console's form says, read from the file's bytes as the form reads them. */
  function formProblem(bytes: Uint8Array, locale: 'fr' | 'en'): string {
    try {
      const text = decodeCsv(bytes, 'text/csv');
      parseCsv(text);
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      return consoleBulkMessages[locale].problem({ kind: 'unreadable', reason: error.problem });
    }
    throw new Error('the file should not be readable');
  }

  it('when the 9th row holds a quote in a cell not between quotes, then the console names row 9 (as the batch page numbers rows), why and how to fix it, in its language', () => {
    const fr = formProblem(frenchExcel(), 'fr');
    expect(fr).toBe(
      'Le fichier ne peut pas être lu à la ligne 9 (les lignes sont numérotées à partir de la première ligne après l’en-tête)\u00a0: une cellule contient un guillemet (") sans être entre guillemets. Mettez toute la cellule entre guillemets doubles et doublez chaque guillemet qu’elle contient, par exemple "=HYPERLINK(""x"")".',
    );
    // The batch page numbers the same row 9 (`Ligne` 9): its caption says rows count from the first after the header.
    expect(consoleBulkMessages.fr.row).toBe('Ligne');
    expect(fr).not.toMatch(/\bline\b|unquoted|quote inside/);
    expect(formProblem(frenchExcel(), 'en')).toBe(
      'The file cannot be read at row 9 (rows are numbered from the first line after the header): a cell holds a quote (") but is not between quotes. Put the whole cell between double quotes and double each quote inside it, e.g. "=HYPERLINK(""x"")".',
    );
  });

  it('when any CSV problem is said, then French and English say it in their own words, with no English left in French', () => {
    const problems: CsvProblem[] = [
      { kind: 'quote-in-unquoted-field', row: 0 },
      { kind: 'text-after-closing-quote', row: 3 },
      { kind: 'quote-not-closed', row: 4 },
      { kind: 'more-cells-than-columns', row: 5 },
      { kind: 'not-utf8', because: 'bom', row: 2 },
      { kind: 'not-utf8', because: 'charset', line: 7 },
      { kind: 'utf16' },
      { kind: 'replacement-character', row: 6 },
      { kind: 'no-header' },
      { kind: 'column-not-allowed', column: '__proto__' },
      { kind: 'column-twice', column: 'email' },
      { kind: 'column-and-field', column: 'company', field: 'company.name' },
      { kind: 'other', row: 2, text: 'Invalid Record Length' },
    ];
    for (const reason of problems) {
      const fr = consoleBulkMessages.fr.problem({ kind: 'unreadable', reason });
      const en = consoleBulkMessages.en.problem({ kind: 'unreadable', reason });
      expect(fr, reason.kind).toMatch(/^Le fichier (ne peut pas être lu|est vide)/);
      expect(fr, reason.kind).not.toMatch(/\b(line|row|cannot|the|Invalid)\b/);
      expect(en, reason.kind).toMatch(/^The file (cannot be read|is empty)/);
      if ('row' in reason && (reason.row ?? 0) > 0) {
        expect(fr, reason.kind).toContain(`ligne ${reason.row} `);
        expect(en, reason.kind).toContain(`row ${reason.row} `);
      }
    }
    expect(consoleBulkMessages.fr.problem({ kind: 'charset', charset: 'koi8-r' })).toContain('«\u00a0koi8-r\u00a0»');
  });

  it('when the API reads such a CSV, then its problem keeps validation-failed and names the row in a field', () => {
    const text = new TextDecoder('windows-1252').decode(frenchExcel());
    let thrown: unknown;
    try {
      readBulkRequest({ csv: text });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestProblem);
    const body = JSON.parse(String((thrown as RequestProblem).response.body));
    expect(body).toMatchObject({
      status: 400,
      code: 'validation-failed',
      detail: 'The CSV cannot be read.',
      row: 9,
      errors: [
        {
          pointer: '#',
          detail: expect.stringMatching(
            /^row 9: a cell holds a quote \("\) but is not between quotes; put the whole cell between double quotes/,
          ),
        },
      ],
    });
    // A problem of the whole file names no row.
    let header: unknown;
    try {
      readBulkRequest({ csv: 'email,email\na,b\n' });
    } catch (error) {
      header = error;
    }
    expect(JSON.parse(String((header as RequestProblem).response.body)).row).toBeUndefined();
  });
});

describe('the rows not invited', () => {
  it('when a batch has rows refused when read and while inviting, then each row says its problems in the page’s language, in row order, numbered from 1', () => {
    expect(rowProblems(progress(), 'fr')).toEqual([
      { row: 2, email: 'not-an-email', problems: [{ column: 'email', text: 'adresse e-mail non valable' }] },
      { row: 3, email: 'anna@example.com', problems: [{ text: 'déjà invitée\u00a0: une invitation est en attente' }] },
      {
        row: 5,
        email: '=HYPERLINK("https://evil.example")',
        problems: [
          { column: 'lastName', text: 'manquant' },
          { column: 'company.address.country', text: 'pas un code pays de deux lettres (FR)' },
        ],
      },
    ]);
    expect(rowProblems(progress(), 'en')[1]).toEqual({
      row: 3,
      email: 'anna@example.com',
      problems: [{ text: 'already invited: an invitation is pending' }],
    });
  });

  it('when the rows were read with today’s details (each naming its field), then the page still says each problem in French', () => {
    const bad = {
      email: 'x',
      lastName: '',
      firstName: 'y'.repeat(101),
      locale: 'de',
      expiresInDays: 99,
      sendEmail: 'peut-être',
      phone: '0612',
      fax: '0102',
      company: { name: 'ACME', address: { line1: 'a', postalCode: '1', city: 'c', country: 'France' } },
    };
    const parsed = invitationRequestSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    const errors = fieldProblems(parsed.error!);
    const missing = fieldProblems(invitationRequestSchema.safeParse({ email: 'a@b.fr', firstName: 'A' }).error!);
    const texts = rowProblems(
      progress({
        rejected: [
          { index: 0, errors },
          { index: 1, errors: missing },
          { index: 2, errors: [{ pointer: '#/email', detail: 'email is the same as in row 0' }] },
        ],
        refused: [],
      }),
      'fr',
    ).map((row) => row.problems.map(({ column, text }) => `${column}: ${text}`));
    expect(texts).toEqual([
      [
        'email: adresse e-mail non valable',
        'firstName: 100\u00a0caractères au plus',
        'lastName: vide',
        'locale: fr ou en',
        'phone: pas un numéro de téléphone reconnu (06\u00a012\u00a034\u00a056\u00a078 ou +33612345678)',
        'company.address.country: pas un code pays de deux lettres (FR)',
        'expiresInDays: au plus 30',
        'sendEmail: oui ou non',
        'fax: une colonne qui n’est pas lue',
      ],
      ['lastName: manquant'],
      ['email: même adresse e-mail que la ligne 1'],
    ]);
  });

  it('when they are downloaded, then the CSV has a BOM, semicolons, one line per problem, and no cell Excel would run as a formula', () => {
    const csv = rowProblemsCsv(progress(), 'en');
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFRow;Email;Column;Problem',
      '2;not-an-email;email;not a valid email address',
      '3;anna@example.com;(the row);already invited: an invitation is pending',
      `5;"'=HYPERLINK(""https://evil.example"")";lastName;missing`,
      `5;"'=HYPERLINK(""https://evil.example"")";company.address.country;not a two-letter country code (FR)`,
      '',
    ]);
  });

  it('when the chunks are done, then the bar is full; while they run, it counts the rows handled; a bulk of refused rows only is done', () => {
    expect(handled(progress())).toEqual({ done: 3, of: 3 });
    expect(handled(progress({ status: 'processing', created: 1, refused: [] }))).toEqual({ done: 1, of: 3 });
    expect(handled(progress({ accepted: 0, created: 0, refused: [] }))).toEqual({ done: 1, of: 1 });
  });

  it('when some invitations were created without an email ("give me the link"), then the page waits only for the emails to send', () => {
    const frame = {
      locale: 'en' as const,
      professionalName: 'Tamer',
      roles: ['Invitations.Send' as const],
      csrf: 'c',
      here: '/',
    };
    const page = renderConsoleBatch(
      frame,
      progress({ created: 3, emailed: 2, delivery: { sent: 1, failed: 0, pending: 2 } }),
    ).value;
    expect(page).toContain('data-total="queued">1<');
    expect(page).toContain('data-total="sent">1<');
  });
});
