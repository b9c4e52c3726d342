/** English words of "Release the address" on a client sheet (seed 004: "demander la libération du courriel"). */
export const en = {
  action: 'Release the address',
  title: (name: string) => `Release the address of ${name}?`,
  lead: (name: string) =>
    `The addresses of ${name} are freed: this file keeps its history but no longer holds them, and the former login stops signing in with them, so the person can sign up again or be invited with the same address. This cannot be undone.`,
  confirm: 'Yes, release the address',
  cancel: 'No, keep it',
  refused: {
    'account-in-use':
      'This login can still sign in, here or at another organisation: its address cannot be released. Block its access first, or merge the files.',
    'not-releasable':
      'Only the address of a merged file, or of a login no organisation serves any more, can be released. Edit the sheet to change a client’s address.',
    'nothing-to-release': 'This file holds no address any more: it was released already.',
  },
  done: 'The address is released: the person can sign up again with it.',
  history: 'Addresses released',
  historyLine: (at: string, by: string, addresses: string) => `${at}, by ${by}: ${addresses}`,
  /** Who released, when ops did it (`npm run provider -- release-email`) rather than a professional. */
  byOps: 'the operations team',
  backToSheet: 'Back to the sheet',
};

export type ConsoleReleaseEmailMessages = typeof en;
