import { describe, expect, it } from 'vitest';
import { CsvError, csvToObjects, parseCsv } from '../../shared/http/csv.js';

describe('CSV of bulk invitations: reading cells', () => {
  it('when fields are quoted, then commas, line breaks and doubled quotes inside them are kept', () => {
    expect(parseCsv('a,b,c\n"x, y","line 1\nline 2","say ""hi"""\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'line 1\nline 2', 'say "hi"'],
    ]);
  });

  it('when lines end with CRLF, LF or nothing, then the rows are the same', () => {
    const expected = [
      ['a', 'b'],
      ['1', '2'],
    ];
    expect(parseCsv('a,b\r\n1,2\r\n')).toEqual(expected);
    expect(parseCsv('a,b\n1,2')).toEqual(expected);
    expect(parseCsv('a,b\r1,2\r')).toEqual(expected);
  });

  it('when there are blank lines, then they are skipped', () => {
    expect(parseCsv('a,b\r\n\r\n1,2\n\n,\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('when the header uses semicolons (French spreadsheets), then semicolons separate cells and commas are text', () => {
    expect(parseCsv('email;company.name\nx@y.fr;Dupont, Fils et Cie\n')).toEqual([
      ['email', 'company.name'],
      ['x@y.fr', 'Dupont, Fils et Cie'],
    ]);
  });

  it('when the file starts with a UTF-8 BOM, then the first column name is clean', () => {
    expect(parseCsv('\uFEFFemail;firstName\nx@y.fr;Zoé\n')[0]).toEqual(['email', 'firstName']);
    expect(csvToObjects('\uFEFFemail,firstName\nx@y.fr,Zoé\n')).toEqual([{ email: 'x@y.fr', firstName: 'Zoé' }]);
  });

  it('when a quote opens inside an unquoted field, then a CsvError names the line', () => {
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(new CsvError('line 2: a quote inside an unquoted field'));
  });

  it('when a quoted field is never closed, then a CsvError', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(CsvError);
  });
});

describe('CSV of bulk invitations: rows as JSON requests', () => {
  it('when columns use dots, then they become nested objects', () => {
    const [row] = csvToObjects(
      'email,firstName,lastName,company.name,company.address.city,company.address.country\n' +
        'a@b.fr,Zoé,Martin,GFMS,Lyon,FR\n',
    );
    expect(row).toEqual({
      email: 'a@b.fr',
      firstName: 'Zoé',
      lastName: 'Martin',
      company: { name: 'GFMS', address: { city: 'Lyon', country: 'FR' } },
    });
  });

  it('when expiresInDays and sendEmail are given, then they are a number and a boolean; other text stays text', () => {
    const rows = csvToObjects(
      'email,expiresInDays,sendEmail,phone\na@b.fr,14,oui,+33612345678\nc@d.fr,soon,NO,\ne@f.fr,3,maybe,\n',
    );
    expect(rows[0]).toEqual({ email: 'a@b.fr', expiresInDays: 14, sendEmail: true, phone: '+33612345678' });
    expect(rows[1]).toEqual({ email: 'c@d.fr', expiresInDays: 'soon', sendEmail: false });
    // Left as text, so the row's validation names the field instead of guessing.
    expect(rows[2]).toEqual({ email: 'e@f.fr', expiresInDays: 3, sendEmail: 'maybe' });
    expect(csvToObjects('email,sendEmail\na@b.fr,1\nc@d.fr,false\nd@e.fr,Yes\n').map((r) => r.sendEmail)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('when cells are empty or padded, then empty cells are absent and values are trimmed', () => {
    expect(csvToObjects('email , firstName,lastName\n  a@b.fr ,, Martin \n')).toEqual([
      { email: 'a@b.fr', lastName: 'Martin' },
    ]);
  });

  it('when a row has fewer cells than the header, then the missing ones are absent', () => {
    expect(csvToObjects('email,firstName,lastName\na@b.fr\n')).toEqual([{ email: 'a@b.fr' }]);
  });

  it('when a row has more cells than the header, then a CsvError names the line', () => {
    expect(() => csvToObjects('email,firstName\na@b.fr,Zoé,extra\n')).toThrow(
      new CsvError('line 2: more cells than header columns'),
    );
  });

  it('when the file is empty or only a header, then an error or no rows', () => {
    expect(() => csvToObjects('')).toThrow(CsvError);
    expect(() => csvToObjects('\n\n')).toThrow(CsvError);
    expect(csvToObjects('email,firstName\n')).toEqual([]);
  });

  it('when a header column is empty, then its cells are ignored', () => {
    expect(csvToObjects('email,,firstName\na@b.fr,ignored,Zoé\n')).toEqual([{ email: 'a@b.fr', firstName: 'Zoé' }]);
  });
});
