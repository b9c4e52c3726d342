/**
 * English words of the console's bulk invite: the upload page, its list of recent bulks, the batch page (progress and
 * the rows not invited) and the CSV of those rows. This catalog defines the shape French must match.
 */
import type { RowRefusal } from '../../domain/bulk.js';
import type { CsvProblem, Where } from '../../http/csv.js';

export type BulkFormProblem =
  | { kind: 'nothing' }
  | { kind: 'unreadable'; reason: CsvProblem }
  | { kind: 'charset'; charset: string }
  | { kind: 'empty' }
  | { kind: 'no-rows' }
  | { kind: 'too-many'; rows: number; max: number }
  | { kind: 'missing-columns'; columns: string[] }
  | { kind: 'unknown-columns'; columns: string[] }
  | { kind: 'try-again' };

/** Where the file cannot be read: its rows numbered as the batch page numbers them. */
const where = (at: Where) =>
  'line' in at
    ? ` at line ${at.line} of the file (the header is line 1)`
    : at.row === 0
      ? ' at its header line'
      : ` at row ${at.row} (rows are numbered from the first line after the header)`;

/** Why a CSV cannot be read, and how to put it right. */
function unreadable(reason: CsvProblem): string {
  switch (reason.kind) {
    case 'quote-in-unquoted-field':
      return `The file cannot be read${where(reason)}: a cell holds a quote (") but is not between quotes. Put the whole cell between double quotes and double each quote inside it, e.g. "=HYPERLINK(""x"")".`;
    case 'text-after-closing-quote':
      return `The file cannot be read${where(reason)}: a cell between quotes goes on after its closing quote. Double each quote inside the cell, e.g. "say ""hi""".`;
    case 'quote-not-closed':
      return `The file cannot be read${where(reason)}: a cell opens a quote that is never closed. Close it, and double each quote inside the cell.`;
    case 'more-cells-than-columns':
      return `The file cannot be read${where(reason)}: it has more cells than the header line has columns. Remove the extra cells, or put a cell holding the separator between double quotes.`;
    case 'not-utf8':
      return reason.because === 'bom'
        ? `The file cannot be read${where(reason)}: it says it is UTF-8 but is not. Save it again as "CSV UTF-8".`
        : `The file cannot be read${where(reason)}: it is not UTF-8. Save it as "CSV UTF-8" or "CSV (semicolon delimited)".`;
    case 'utf16':
      return 'The file cannot be read: the file is UTF-16 ("Unicode text" of Excel). Save it as "CSV UTF-8" or "CSV (semicolon delimited)".';
    case 'replacement-character':
      return `The file cannot be read${where(reason)}: it holds the character �, the mark of letters lost by an earlier conversion. Correct those letters and send the file again.`;
    case 'no-header':
      return 'The file is empty: a header line is expected (email;firstName;lastName…).';
    case 'column-not-allowed':
      return `The file cannot be read: the column "${reason.column}" is not allowed.`;
    case 'column-twice':
      return `The file cannot be read: the column "${reason.column}" is given twice. Keep one.`;
    case 'column-and-field':
      return `The file cannot be read: the columns "${reason.column}" and "${reason.field}" cannot both be given. Keep "${reason.field}".`;
    case 'other':
      return `The file cannot be read${reason.row === undefined ? '' : where({ row: reason.row })}. Check its quotes and separators, then send it again.`;
  }
}

export const en = {
  inviteSeveral: 'Invite several people',
  inviteSeveralHint: 'Upload a CSV file saved from Excel, or paste its rows.',
  title: 'Invite several people',
  lead: (provider: string, max: string) =>
    `Invite up to ${max} people for ${provider} at once: upload a CSV file, or paste its rows with their header line. Each row becomes an invitation, as if sent from the Invite form.`,
  fileLabel: 'CSV file',
  fileHint: 'Separated by semicolons or commas; saved as "CSV UTF-8" or "CSV (semicolon delimited)" by Excel.',
  pasteLabel: 'Or paste the rows',
  pasteHint: 'The header line first, then one person per line. Used when no file is chosen.',
  submit: 'Invite these people',
  problemTitle: 'The bulk was not started',
  problem: (p: BulkFormProblem): string => {
    switch (p.kind) {
      case 'nothing':
        return 'Choose a CSV file or paste rows.';
      case 'unreadable':
        return unreadable(p.reason);
      case 'charset':
        return `The file cannot be read: its charset "${p.charset}" is not supported. Save it as "CSV UTF-8".`;
      case 'empty':
        return 'The file is empty: a header line is expected (email;firstName;lastName…).';
      case 'no-rows':
        return 'The file has a header line but no rows.';
      case 'too-many':
        return `The file has ${p.rows} rows: at most ${p.max} at once. Split it.`;
      case 'missing-columns':
        return `The header line lacks the required column(s): ${p.columns.join(', ')}.`;
      case 'unknown-columns':
        return `The header line has column(s) that are not read: ${p.columns.join(', ')}. The columns read are listed below.`;
      case 'try-again':
        return 'This file is still being sent: wait a moment, then look at the list of bulks below.';
    }
  },
  columnsHeading: 'Columns read',
  columnsLead:
    'The first line names the columns, in any order. Empty cells are left out. Rows with a mistake are listed after the upload; the others are invited.',
  columnName: 'Column',
  columnWhat: 'What',
  required: 'required',
  columns: {
    email: 'Email address',
    firstName: 'First name',
    lastName: 'Last name',
    locale: 'Language of the invitation: fr (default) or en',
    phone: 'Mobile number: 06\u00a012\u00a034\u00a056\u00a078, or in international form (+33612345678)',
    expiresInDays: 'Days before the link expires: 1 to 30 (7 by default)',
    message: 'Personal message, at most 500 characters',
    sendEmail: 'Send the email: yes (default) or no',
    'company.name': 'Company name (the company prefilled for the client)',
    'company.registrationNumber': 'SIRET or registration number',
    'company.vatNumber': 'VAT number',
    'company.phone': 'Company phone (a national number of the company’s country, or international)',
    'company.address.line1': 'Address',
    'company.address.line2': 'Address, second line',
    'company.address.postalCode': 'Postal code',
    'company.address.city': 'City',
    'company.address.country': 'Country, two letters (FR)',
  } as Record<string, string>,
  example: 'Download an example CSV',
  exampleFile: 'invitations-example.csv',
  encodingNote:
    'Excel\u2019s files are read as they come: semicolons or commas, UTF-8 with or without BOM, or Windows-1252 ("CSV (semicolon delimited)"). A "Unicode text" (UTF-16) file is refused: save it as "CSV UTF-8".',
  recentHeading: 'Recent bulks',
  recentNone: 'No bulk invitation yet.',
  recentItem: (when: string) => `Sent on ${when}`,
  status: { processing: 'In progress', completed: 'Done' },
  recentCounts: (total: number, created: number, problems: number) =>
    `${total} rows · ${created} invitations created · ${problems} not invited`,
  batchTitle: 'Bulk invitation',
  batchLead: (when: string) => `Sent on ${when}.`,
  progressLabel: (done: number, of: number, percent: number) => `Rows handled: ${done} of ${of} (${percent} %)`,
  totalsHeading: 'Totals',
  totals: {
    total: 'Rows read',
    rejected: 'Refused when read',
    accepted: 'Accepted',
    created: 'Invitations created',
    refused: 'Refused while inviting',
    queued: 'Emails waiting to be sent',
    sent: 'Emails sent',
    failed: 'Emails not delivered',
  },
  pacedNote: 'Emails leave at the pace the email service allows; each invitation shows its own delivery state.',
  refresh: 'Refresh',
  errorsHeading: (count: number) => `Rows not invited (${count})`,
  errorsNone: 'Every row was accepted.',
  errorsCaption: 'Rows are numbered from the first line after the header.',
  row: 'Row',
  email: 'Email',
  column: 'Column',
  problemColumn: 'Problem',
  wholeRow: '(the row)',
  downloadErrors: 'Download these rows (CSV)',
  errorsFile: (id: string) => `invitations-not-sent-${id}.csv`,
  back: 'Back to the bulk invite',
  notFoundTitle: 'Bulk not found',
  notFound: 'There is no such bulk invitation for your organisation.',
  refusals: {
    'invitation-pending': 'already invited: an invitation is pending',
    'already-client': 'already a client of yours',
    'concurrent-update': 'being invited at the same moment: invite again later',
    forbidden: 'not allowed for your organisation',
    'provider-inactive': 'your organisation is inactive',
    'invitation-not-stored': 'could not be stored: invite this person again',
  } satisfies Record<RowRefusal | 'invitation-not-stored', string>,
  fieldProblems: {
    invalidEmail: 'not a valid email address',
    empty: 'empty',
    missing: 'missing',
    tooLong: (max: string) => `at most ${max} characters`,
    tooSmall: (min: string) => `at least ${min}`,
    tooLarge: (max: string) => `at most ${max}`,
    unknownColumn: 'a column that is not read',
    sameEmail: (row: number) => `same email as row ${row}`,
    phone: 'not a phone number we can read (06\u00a012\u00a034\u00a056\u00a078 or +33612345678)',
    country: 'not a two-letter country code (FR)',
    locale: 'fr or en',
    wholeNumber: 'not a whole number',
    yesNo: 'yes or no',
    invalid: (detail: string) => detail,
  },
};

export type ConsoleBulkMessages = typeof en;
