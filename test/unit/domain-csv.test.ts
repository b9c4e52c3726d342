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

  it('when a quote opens inside an unquoted field, then a CsvError names the row as the batch page numbers rows, and the way out', () => {
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(new CsvError({ kind: 'quote-in-unquoted-field', row: 1 }));
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(
      'row 1: a cell holds a quote (") but is not between quotes; put the whole cell between double quotes and double each quote inside it ("=HYPERLINK(""x"")")',
    );
  });

  it('when the 9th row has =HYPERLINK("x") unquoted, after blank lines and a cell on two lines, then it is row 9, as the batch page numbers it', () => {
    const rows = Array.from({ length: 8 }, (_, i) => `p${i}@example.com;A;B`);
    rows.splice(3, 0, '', ';;');
    rows[5] = 'multi@example.com;"two\nlines";B';
    const csv = ['email;firstName;lastName', ...rows, 'x@example.com;=HYPERLINK("x");B', ''].join('\r\n');
    let thrown: unknown;
    try {
      parseCsv(csv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CsvError);
    expect((thrown as CsvError).problem).toEqual({ kind: 'quote-in-unquoted-field', row: 9 });
    expect((thrown as CsvError).row).toBe(9);
    // The rows the batch page would number: the failing one is the 9th after the header.
    expect(parseCsv(csv.replace('=HYPERLINK("x")', 'Zoé')).slice(1)[8]?.[0]).toBe('x@example.com');
  });

  it('when a quote is wrong in the header, then the header row (0) is named', () => {
    expect(() => parseCsv('email,first"Name\na,b\n')).toThrow(
      new CsvError({ kind: 'quote-in-unquoted-field', row: 0 }),
    );
    expect(() => parseCsv('email,first"Name\na,b\n')).toThrow(/^the header row: /);
  });

  it('when a quoted field is never closed, then a CsvError', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(new CsvError({ kind: 'quote-not-closed', row: 1 }));
  });

  it('when one file mixes CRLF, LF and CR, then each ends a row', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('when a closing quote is followed by more text, then a CsvError names the row (blank lines are not rows)', () => {
    expect(() => parseCsv('a,b\n\n1,"x"y\n')).toThrow(new CsvError({ kind: 'text-after-closing-quote', row: 1 }));
  });

  it('when spaces surround a quoted field, then they are dropped and the quotes still hold', () => {
    expect(parseCsv('a;b\n "x; y" ; 2 \n')).toEqual([
      ['a', 'b'],
      ['x; y', '2'],
    ]);
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

  it('when a row has more cells than the header, then a CsvError names the row', () => {
    expect(() => csvToObjects('email,firstName\na@b.fr,Zoé,extra\n')).toThrow(
      new CsvError({ kind: 'more-cells-than-columns', row: 1 }),
    );
    expect(() => csvToObjects('email,firstName\na@b.fr,Zoé,extra\n')).toThrow('row 1: more cells than header columns');
  });

  it('when rows span several lines (line breaks in quoted cells, blank lines), then the row named is counted as the batch page counts rows', () => {
    for (const eol of ['\n', '\r\n']) {
      const csv = ['email,message', 'a@b.fr,"one', 'two"', '', 'c@d.fr,hi,extra', ''].join(eol);
      expect(() => csvToObjects(csv), JSON.stringify(eol)).toThrow(
        new CsvError({ kind: 'more-cells-than-columns', row: 2 }),
      );
    }
  });

  it('when a column is given twice, or both as a field and as its parent, then a CsvError names them', () => {
    expect(() => csvToObjects('email,firstName,email\na@b.fr,Zoé,c@d.fr\n')).toThrow(
      new CsvError({ kind: 'column-twice', column: 'email' }),
    );
    for (const header of ['email,company,company.name', 'email,company.name,company']) {
      expect(() => csvToObjects(`${header}\na@b.fr,X,Y\n`), header).toThrow(
        'the columns "company" and "company.name" cannot both be given: "company.name" is a field of "company"',
      );
    }
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
