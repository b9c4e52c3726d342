/**
 * CSV for bulk invitations (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a header row; comma or semicolon). Columns name the
 * JSON fields; nested ones use dots (`company.name`, `company.address.city`). Empty cells are absent fields;
 * `expiresInDays` is a number and `sendEmail` a boolean, as in JSON.
 */

export class CsvError extends Error {}

/** The delimiter of the file: a semicolon when the header uses them (French spreadsheets), else a comma. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

export function parseCsv(text: string): string[][] {
  const delimiter = delimiterOf(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < input.length) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new CsvError(`line ${rows.length + 1}: a quote inside an unquoted field`);
      quoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      if (c === '\r' && input[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted) throw new CsvError('a quoted field is not closed');
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

const NUMBERS = new Set(['expiresInDays']);
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
const BOOLEANS = new Set(['sendEmail']);

/** Rows of a CSV with a header into objects shaped like the JSON request. */
export function csvToObjects(text: string): Record<string, unknown>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CsvError('the file is empty: a header row is expected (email,firstName,lastName,…)');
  const columns = header.map((h) => h.trim());
  for (const column of columns) {
    // Column names become object paths: none may reach an object's prototype.
    if (column.split('.').some((part) => FORBIDDEN.has(part)))
      throw new CsvError(`the column "${column}" is not allowed`);
  }
  return rows.map((cells, line) => {
    if (cells.length > columns.length) throw new CsvError(`line ${line + 2}: more cells than header columns`);
    const item: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = cells[i]?.trim() ?? '';
      if (cell === '' || column === '') return;
      let value: unknown = cell;
      if (NUMBERS.has(column)) value = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
      if (BOOLEANS.has(column))
        value = /^(true|yes|oui|1)$/i.test(cell) ? true : /^(false|no|non|0)$/i.test(cell) ? false : cell;
      const path = column.split('.');
      let holder = item;
      for (const part of path.slice(0, -1)) {
        if (!Object.hasOwn(holder, part)) holder[part] = {};
        holder = holder[part] as Record<string, unknown>;
      }
      holder[path.at(-1)!] = value;
    });
    return item;
  });
}
