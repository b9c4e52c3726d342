/**
 * CSV for bulk invitations, read with `csv-parse` (RFC 4180: quoted fields, doubled quotes, CRLF, LF or CR, a header
 * row; comma or semicolon). Columns name the JSON fields; nested ones use dots (`company.name`,
 * `company.address.city`). Empty cells are absent fields; `expiresInDays` is a number and `sendEmail` a boolean, as
 * in JSON. The bytes become text first (`decodeCsv`): UTF-8, or Windows-1252 — what French Excel saves.
 */
import { CsvError as ParseError, parse } from 'csv-parse/sync';

/**
 * Why a CSV cannot be read, for a page to say in its own language. `row` counts as the batch page does: 1 is the first
 * row after the header, 0 the header itself; `line` is a line of the file (the header is line 1), where the row is not
 * known.
 */
export type CsvProblem =
  | { kind: 'quote-in-unquoted-field'; row: number }
  | { kind: 'text-after-closing-quote'; row: number }
  | { kind: 'quote-not-closed'; row: number }
  | { kind: 'more-cells-than-columns'; row: number }
  | ({ kind: 'not-utf8'; because: 'bom' | 'charset' } & Where)
  | { kind: 'utf16' }
  | ({ kind: 'replacement-character' } & Where)
  | { kind: 'no-header' }
  | { kind: 'column-not-allowed'; column: string }
  | { kind: 'column-twice'; column: string }
  | { kind: 'column-and-field'; column: string; field: string }
  | { kind: 'other'; row?: number; text: string };

/** A row of the file; a line of it when its rows cannot be told (its quotes do not pair up). */
export type Where = { row: number } | { line: number };

/** Where a row is, in English: "row 9", or "the header row". */
const rowWords = (row: number) => (row === 0 ? 'the header row' : `row ${row}`);
const whereWords = (where: Where) => ('row' in where ? rowWords(where.row) : `line ${where.line}`);

/** The English sentence of a problem: the API's `errors[0].detail`. */
export function csvProblemText(problem: CsvProblem): string {
  switch (problem.kind) {
    case 'quote-in-unquoted-field':
      return `${rowWords(problem.row)}: a cell holds a quote (") but is not between quotes; put the whole cell between double quotes and double each quote inside it ("=HYPERLINK(""x"")")`;
    case 'text-after-closing-quote':
      return `${rowWords(problem.row)}: a cell between quotes goes on after its closing quote; double each quote inside the cell ("say ""hi""")`;
    case 'quote-not-closed':
      return `${rowWords(problem.row)}: a cell opens a quote that is never closed; close it, and double each quote inside the cell`;
    case 'more-cells-than-columns':
      return `${rowWords(problem.row)}: more cells than header columns`;
    case 'not-utf8':
      return problem.because === 'bom'
        ? `${whereWords(problem)} is not valid UTF-8, although the file starts with a UTF-8 BOM: save it again as "CSV UTF-8"`
        : `${whereWords(problem)} is not valid UTF-8, although the request says charset=utf-8: send the charset the file was saved in (charset=windows-1252 for "CSV (séparateur : point-virgule)" of Excel) or save it as "CSV UTF-8"`;
    case 'utf16':
      return 'the file is UTF-16 ("Unicode text" of Excel): save it as "CSV UTF-8" or "CSV (séparateur : point-virgule)"';
    case 'replacement-character':
      return `${whereWords(problem)} holds U+FFFD (\uFFFD), the mark of characters lost by an earlier conversion: correct the file and send it again`;
    case 'no-header':
      return 'the file is empty: a header row is expected (email,firstName,lastName,…)';
    case 'column-not-allowed':
      return `the column "${problem.column}" is not allowed`;
    case 'column-twice':
      return `the column "${problem.column}" is given twice`;
    case 'column-and-field':
      return `the columns "${problem.column}" and "${problem.field}" cannot both be given: "${problem.field}" is a field of "${problem.column}"`;
    case 'other':
      return problem.row === undefined ? problem.text : `${rowWords(problem.row)}: ${problem.text}`;
  }
}

/** A CSV that cannot be read; its message says where and why (in English), its `problem` the same for a page. */
export class CsvError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(csvProblemText(problem));
    this.name = 'CsvError';
  }

  /** The row the problem is in (1: the first row after the header; 0: the header), when it is one row's. */
  get row(): number | undefined {
    return 'row' in this.problem ? this.problem.row : undefined;
  }
}

/** A `charset` of `Content-Type` that is neither UTF-8 nor Windows-1252 (nor one of their labels). */
export class UnsupportedCharset extends Error {
  constructor(readonly charset: string) {
    super(`the charset "${charset}" is not supported`);
    this.name = 'UnsupportedCharset';
  }
}

/** The `charset` parameter of a `Content-Type` (unquoted, as written), if any. */
export function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, ...value] = parameter.split('=');
    if (name?.trim().toLowerCase() === 'charset')
      return value
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

type Encoding = 'utf-8' | 'windows-1252';

/**
 * The encoding a label names, as the WHATWG Encoding Standard resolves labels: `utf8` is UTF-8; `iso-8859-1`,
 * `latin1`, `us-ascii`, `cp1252`… are Windows-1252. Other encodings are refused.
 */
function encodingNamed(label: string): Encoding {
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    throw new UnsupportedCharset(label);
  }
  if (encoding === 'utf-8' || encoding === 'windows-1252') return encoding;
  throw new UnsupportedCharset(label);
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (WHATWG index-windows-1252); the other bytes are their own code
 * points. Written out because Node's `TextDecoder('windows-1252')` decodes these bytes as Latin-1's C1 controls since
 * 20.18.3 and 22.13.0 (nodejs/node#60888): `’` (0x92), `œ` (0x9C) and `€` (0x80) would be lost silently.
 */
const C1 = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d,
  0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x009d, 0x017e, 0x0178,
];

/** Every byte is a character in Windows-1252: this never fails and never yields U+FFFD. */
function fromWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = new Uint16Array(Math.min(bytes.length, 8192));
  for (let start = 0; start < bytes.length; start += chunk.length) {
    const end = Math.min(start + chunk.length, bytes.length);
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      chunk[i - start] = byte >= 0x80 && byte < 0xa0 ? C1[byte - 0x80]! : byte;
    }
    parts.push(String.fromCharCode(...chunk.subarray(0, end - start)));
  }
  return parts.join('');
}

/** The line (1-based) where text decoded with replacement first holds U+FFFD. */
const lineOfReplacement = (text: string) => text.slice(0, text.indexOf('\uFFFD')).split(/\r\n?|\n/).length;

/** Strict UTF-8 (the BOM dropped), or undefined when the bytes are not UTF-8. */
function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Where the first U+FFFD of a text is: its row, as the batch page numbers rows, when the text's rows can be read;
 * else its line.
 */
function whereReplacement(text: string): Where {
  const line = lineOfReplacement(text);
  try {
    const row = records(text).findIndex((record) => record.end >= line);
    return row === -1 ? { line } : { row };
  } catch {
    return { line };
  }
}

const whereNotUtf8 = (bytes: Uint8Array) => whereReplacement(new TextDecoder('utf-8').decode(bytes));

/**
 * The text of a CSV body. A UTF-8 BOM means UTF-8 (it wins over the label, as in WHATWG decoding); else the
 * `charset` of `contentType` is honoured (UTF-8 strictly, or Windows-1252); without one, UTF-8 when the bytes are
 * valid UTF-8 and Windows-1252 when they are not — French Excel's "CSV (séparateur : point-virgule)" is
 * Windows-1252, and valid UTF-8 from Windows-1252 text with accents is practically impossible. The text never holds
 * U+FFFD: a body that cannot be read without it is refused (`CsvError`, naming the row); an unknown charset throws
 * `UnsupportedCharset`.
 */
export function decodeCsv(bytes: Uint8Array, contentType: string): string {
  const label = charsetOf(contentType);
  const declared = label === undefined ? undefined : encodingNamed(label);
  let text: string | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = fromUtf8(bytes);
    if (text === undefined) throw new CsvError({ kind: 'not-utf8', because: 'bom', ...whereNotUtf8(bytes) });
  } else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvError({ kind: 'utf16' });
  } else if (declared === 'windows-1252') {
    text = fromWindows1252(bytes);
  } else {
    text = fromUtf8(bytes);
    if (text === undefined && declared === 'utf-8')
      throw new CsvError({ kind: 'not-utf8', because: 'charset', ...whereNotUtf8(bytes) });
    text ??= fromWindows1252(bytes);
  }
  if (text.includes('\uFFFD')) throw new CsvError({ kind: 'replacement-character', ...whereReplacement(text) });
  return text;
}

/** The delimiter of the file: a semicolon when the header uses them (French spreadsheets), else a comma. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\n|$/));
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

interface CsvRecord {
  /** The line where the record ends (the header is line 1). */
  end: number;
  cells: string[];
}

/**
 * csv-parse's refusals as problems of a row, numbered as the batch page numbers rows. csv-parse counts the records
 * read before the one it refuses (`records`: the header, then the rows; blank lines and rows of empty cells, which
 * are skipped, are not records), so the refused one is row `records` — the first after the header is row 1.
 */
function problemOf(error: ParseError): CsvProblem {
  const records = (error as ParseError & { records?: unknown }).records;
  const row = typeof records === 'number' ? records : 0;
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return { kind: 'quote-in-unquoted-field', row };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return { kind: 'text-after-closing-quote', row };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { kind: 'quote-not-closed', row };
    default:
      return { kind: 'other', row, text: error.message };
  }
}

function records(text: string): CsvRecord[] {
  // One line break (a cell's own ones included), so that csv-parse counts lines as an editor shows them.
  const input = text.replace(/\r\n?/g, '\n');
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info`, each record comes with where it ends (the declared type does not say so).
    parsed = parse(input, {
      delimiter: delimiterOf(input),
      record_delimiter: '\n',
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      info: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof ParseError) throw new CsvError(problemOf(error));
    throw error;
  }
  return parsed.map(({ record, info }) => ({ cells: record, end: info.lines }));
}

/** The rows of the CSV, blank lines skipped. */
export function parseCsv(text: string): string[][] {
  return records(text).map((record) => record.cells);
}

const NUMBERS = new Set(['expiresInDays']);
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
const BOOLEANS = new Set(['sendEmail']);

/** Rows of a CSV with a header into objects shaped like the JSON request. */
export function csvToObjects(text: string): Record<string, unknown>[] {
  const [header, ...rows] = records(text);
  if (!header) throw new CsvError({ kind: 'no-header' });
  const columns = header.cells.map((h) => h.trim());
  for (const column of columns) {
    // Column names become object paths: none may reach an object's prototype.
    if (column.split('.').some((part) => FORBIDDEN.has(part)))
      throw new CsvError({ kind: 'column-not-allowed', column });
  }
  for (const [i, column] of columns.entries()) {
    if (column === '') continue;
    // Each path is set once, and a field's parent cannot also be text: `company` and `company.name` would collide.
    if (columns.indexOf(column) !== i) throw new CsvError({ kind: 'column-twice', column });
    const child = columns.find((other) => other.startsWith(`${column}.`));
    if (child) throw new CsvError({ kind: 'column-and-field', column, field: child });
  }
  return rows.map(({ cells }, index) => {
    if (cells.length > columns.length) throw new CsvError({ kind: 'more-cells-than-columns', row: index + 1 });
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
