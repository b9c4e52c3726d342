/**
 * The bytes of a CSV bulk read as text (`readCsvText`): the `charset` of `Content-Type` when there is one (UTF-8 or
 * Windows-1252 and their labels; any other is a 415), else UTF-8 when the bytes are valid UTF-8 and Windows-1252
 * (French Excel's "CSV (séparateur : point-virgule)") when they are not. A UTF-8 BOM wins over the label. Whatever
 * the bytes, the text never holds U+FFFD: a body that cannot be read is a 400 naming its row.
 */
import azf from '@azure/functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, csvToObjects, decodeCsv } from '../../shared/http/csv.js';
import { readCsvText } from '../../shared/http/invitation-bulk.js';
import { RequestProblem } from '../../shared/http/request.js';

const post = (bytes: Uint8Array, contentType = 'text/csv') =>
  new azf.HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/InviteUser',
    headers: { 'content-type': contentType },
    body: { bytes },
  });

/** Text of code points below U+0100 as Windows-1252 (= ISO-8859-1 there) bytes, plus raw bytes where given. */
const windows1252 = (...parts: Array<string | number>) =>
  Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'number'
        ? [part]
        : [...part].map((c) => {
            const code = c.charCodeAt(0);
            if (code > 0xff) throw new Error(`write ${c} as its byte`);
            return code;
          }),
    ),
  );
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Any code points, lone surrogates included (which UTF-8 encodes as U+FFFD). */
const anyText = fc
  .array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 32 })
  .map((points) => String.fromCodePoint(...points));
const BOM = [0xef, 0xbb, 0xbf];

/** The problem a refused body answers: status and parsed body. */
async function refusal(request: ReturnType<typeof post>) {
  const error = await readCsvText(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the body should be refused').toBeInstanceOf(RequestProblem);
  const { response } = error as RequestProblem;
  return {
    status: response.status,
    body: JSON.parse(String(response.body)) as {
      code: string;
      detail: string;
      errors?: Array<{ pointer: string; detail: string }>;
    },
  };
}

const FRENCH_EXCEL = windows1252(
  'email;firstName;lastName\r\nh.lefevre@example.com;H',
  0xe9,
  'l',
  0xe8,
  'ne;Lef',
  0xe8,
  'vre\r\n',
);

describe('reading the bytes of a CSV bulk', () => {
  it('when French Excel saves Windows-1252 and no charset is given, then "Hélène;Lefèvre" is read as written', async () => {
    const text = await readCsvText(post(FRENCH_EXCEL));
    expect(text).toBe('email;firstName;lastName\r\nh.lefevre@example.com;Hélène;Lefèvre\r\n');
    expect(csvToObjects(text)).toEqual([{ email: 'h.lefevre@example.com', firstName: 'Hélène', lastName: 'Lefèvre' }]);
  });

  it("when Windows-1252 has the bytes it does not share with ISO-8859-1 (’ œ – €), then they are Windows-1252's characters", async () => {
    // 0x80–0x9F: Node's own TextDecoder('windows-1252') reads them as C1 controls (nodejs/node#60888).
    const bytes = windows1252('message\nL', 0x92, 0x9c, 'uvre ', 0x96, ' 10 ', 0x80, ' ', 0x85, ' ', 0x8c, 0x9f, '\n');
    for (const type of ['text/csv', 'text/csv; charset=windows-1252']) {
      expect(await readCsvText(post(bytes, type))).toBe('message\nL’œuvre – 10 € … ŒŸ\n');
    }
  });

  it('when the request names windows-1252 or one of its labels (iso-8859-1, latin1, quoted, any case), then the bytes are read as Windows-1252', async () => {
    for (const type of [
      'text/csv; charset=windows-1252',
      'text/csv;charset=ISO-8859-1',
      'text/csv; charset="latin1"',
      'TEXT/CSV; header=present; charset=cp1252',
    ]) {
      expect(await readCsvText(post(FRENCH_EXCEL, type)), type).toContain(';Hélène;Lefèvre\r\n');
    }
  });

  it('when the request names windows-1252 for bytes that are also valid UTF-8, then the named charset is honoured', async () => {
    expect(await readCsvText(post(utf8('firstName\nHélène\n'), 'text/csv; charset=windows-1252'))).toBe(
      'firstName\nHÃ©lÃ¨ne\n',
    );
  });

  it('when the file is UTF-8, with or without a BOM, with or without charset=utf-8, then it is read as UTF-8 and the BOM is dropped', async () => {
    const text = 'email,firstName\r\nz@example.com,Zoé Œ €\r\n';
    for (const bytes of [utf8(text), Uint8Array.from([...BOM, ...utf8(text)])]) {
      for (const type of ['text/csv', 'text/csv; charset=utf-8', 'text/csv; charset=UTF8']) {
        expect(await readCsvText(post(bytes, type)), type).toBe(text);
      }
    }
  });

  it('when a UTF-8 BOM starts a file labelled windows-1252, then the BOM wins (as in WHATWG decoding)', async () => {
    const bytes = Uint8Array.from([...BOM, ...utf8('firstName\nHélène\n')]);
    expect(await readCsvText(post(bytes, 'text/csv; charset=windows-1252'))).toBe('firstName\nHélène\n');
  });

  it('when charset=utf-8 is given but the bytes are not UTF-8, then 400 naming the row and the way out', async () => {
    const { status, body } = await refusal(post(FRENCH_EXCEL, 'text/csv; charset=utf-8'));
    expect(status).toBe(400);
    expect(body.code).toBe('validation-failed');
    expect(body.detail).toBe('The CSV cannot be read.');
    expect(body.errors).toEqual([
      {
        pointer: '#',
        detail:
          'row 1 is not valid UTF-8, although the request says charset=utf-8: send the charset the file was saved in (charset=windows-1252 for "CSV (séparateur : point-virgule)" of Excel) or save it as "CSV UTF-8"',
      },
    ]);
  });

  it('when a file starting with a UTF-8 BOM is not UTF-8 after it, then 400', async () => {
    const { status, body } = await refusal(post(Uint8Array.from([...BOM, ...FRENCH_EXCEL])));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.detail).toMatch(/^row 1 is not valid UTF-8, although the file starts with a UTF-8 BOM/);
  });

  it('when the file is UTF-16 (Excel\'s "Unicode text"), then 400 asking for CSV UTF-8', async () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from('email,firstName\n', 'utf16le')]);
    const { status, body } = await refusal(post(utf16));
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        pointer: '#',
        detail:
          'the file is UTF-16 ("Unicode text" of Excel): save it as "CSV UTF-8" or "CSV (séparateur : point-virgule)"',
      },
    ]);
  });

  it('when the file already holds U+FFFD (text damaged before it was sent), then 400 naming the row: it is never stored', async () => {
    const { status, body } = await refusal(post(utf8('firstName\nZoé\nH\uFFFDl\uFFFDne\n')));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.detail).toBe(
      'row 2 holds U+FFFD (�), the mark of characters lost by an earlier conversion: correct the file and send it again',
    );
  });

  it('when the charset is neither UTF-8 nor Windows-1252, then 415 naming it and the charsets accepted', async () => {
    for (const charset of ['koi8-r', 'utf-16le', 'x-made-up', '']) {
      const { status, body } = await refusal(post(utf8('email\n'), `text/csv; charset=${charset}`));
      expect(status, charset).toBe(415);
      expect(body.code).toBe('unsupported-media-type');
      expect(body.detail).toBe(
        `The charset "${charset}" is not supported: send the CSV in UTF-8 (charset=utf-8) or Windows-1252 (charset=windows-1252 or iso-8859-1), or without a charset.`,
      );
    }
  });

  it('when the body is larger than 8 MiB in bytes (even with fewer characters), then 413', async () => {
    const bytes = utf8(`firstName\n${'é'.repeat(4.5 * 1024 * 1024)}\n`);
    expect((await refusal(post(bytes))).status).toBe(413);
  });

  it('whatever the bytes and the charset named, then the text holds no U+FFFD, or the CSV is refused as unreadable', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.uint8Array({ maxLength: 64, min: 0x80, max: 0xff }),
          anyText.map(utf8),
          anyText.map((text) => Uint8Array.from([...BOM, ...utf8(text)])),
        ),
        fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'text/csv; charset=windows-1252'),
        (bytes, type) => {
          let text: string;
          try {
            text = decodeCsv(bytes, type);
          } catch (error) {
            expect(error).toBeInstanceOf(CsvError);
            return;
          }
          expect(text).not.toContain('\uFFFD');
        },
      ),
      { seed: 20_261_130, numRuns: 2_000 },
    );
  });
});
