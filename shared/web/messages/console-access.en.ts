/** English words of the console's block and unblock (the client sheet's access tab, docs/console.md). */
export const en = {
  block: 'Block',
  unblock: 'Unblock',
  blockTitle: (name: string) => `Block ${name}`,
  unblockTitle: (name: string) => `Unblock ${name}`,
  blockLead: (name: string) =>
    `${name} will no longer get in at your organisation: their next page, sign-in and mobile app are refused, with a page saying you blocked them and since when. Nothing is deleted.`,
  unblockLead: (name: string) =>
    `${name} gets access back at your organisation: they can sign in and use the mobile app again.`,
  reason: 'Reason',
  optional: '(optional)',
  reasonHint: 'For your colleagues only: the client never sees it. At most 500 characters.',
  reasonTooLong: 'The reason must be at most 500 characters.',
  cancel: 'Cancel',
  merged: 'This client was merged into another client: block or unblock that one.',
  tryAgain: 'The client file changed meanwhile: try again.',
  blockedBy: (by: string, since: string) => `Blocked by ${by} on ${since}.`,
  done: {
    blocked: 'The client is blocked: their next page, sign-in and app call are refused.',
    unblocked: 'The client is unblocked: they can sign in again.',
  },
};

export type ConsoleAccessMessages = typeof en;
