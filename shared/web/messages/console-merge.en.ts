/**
 * English words of merging two client files in the console (seed 004: several contracts, one login): the sheet's
 * action, the page to pick the file that stays, the confirmation stating what happens, and the page after it. This
 * catalog defines the shape the French one must match (`ConsoleMergeMessages`).
 */
export const en = {
  action: 'Merge',
  mergedInto: 'Merged into',
  mergedIntoLink: 'the file that stays',
  pickTitle: (name: string) => `Merge ${name} into another file`,
  pickLead:
    'Pick the file of the same person that stays: it keeps the history of both, and this file is closed. Search it by name, email or phone.',
  searchRegion: 'Find the file that stays',
  searchLabel: 'Name, email or phone of the file that stays',
  searchHint: 'Last or first name, or the start of them, in any order; or a whole email address or phone number.',
  searchButton: 'Search',
  searchTooShort: 'Type a name or its beginning, a whole email address or a phone number (at most 100 characters).',
  noResult: (q: string) => `No other file matches “${q}”.`,
  resultsHeading: 'Files it can be merged into',
  columns: { name: 'Name', email: 'Email', status: 'Status', choose: 'Action' },
  choose: 'Choose',
  cancel: 'Back to the sheet',
  confirmTitle: 'Merge these two files?',
  absorbedHeading: 'This file is closed',
  survivorHeading: 'This file stays',
  whatHappens: 'What happens',
  happens: {
    history:
      'The file that stays keeps the history of both: the closed file’s addresses become its secondary addresses (they only receive mail), so its invitations show on its sheet.',
    companies:
      'The companies created with the closed file’s login now also belong to the login of the file that stays.',
    devices: 'The phones and tablets activated on the closed file are disconnected.',
    login:
      'If the closed file has its own login, it can no longer be used with your organisation: the person is told, after signing in, that the account was merged, and into which (masked) address. It is disabled when no other organisation serves it. Its email address stays reserved.',
    final: 'This cannot be undone from the console.',
  },
  confirm: 'Merge the files',
  refused: {
    'same-file': 'A file cannot be merged into itself.',
    'other-provider': 'The file to keep is not one of your organisation’s files.',
    'already-merged': 'This file was already merged into another one.',
    'survivor-merged': 'The file to keep was itself merged into another one: merge into that one instead.',
    'survivor-without-account':
      'This client has signed in and the file to keep has not: merge the prospect into this file instead.',
    other: 'The files could not be merged.',
  } as Record<string, string>,
  doneTitle: 'The files are merged',
  doneLead: (absorbed: string, survivor: string) => `${absorbed}’s file was merged into ${survivor}’s.`,
  doneAccount: {
    disabled: 'Its login was disabled: no organisation serves it any more.',
    kept: 'Its login no longer opens your organisation’s space; another organisation still serves it.',
    none: 'It had no login of its own.',
  } as Record<string, string>,
  openSurvivor: (name: string) => `Open ${name}’s sheet`,
  status: { client: 'Client', prospect: 'Prospect' },
};

export type ConsoleMergeMessages = typeof en;
