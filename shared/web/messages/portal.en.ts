/** English words of the portal's shell: the signed-in notice, its close button, and "Switch account". */
import type { Sentence } from '../i18n.js';

export interface PortalMessages {
  /** "Signed in as <email> — <place>"; without a place (none chosen yet), the email alone. */
  signedInAs: <T>(n: { email: T; place?: T | undefined }) => Sentence<T>;
  /** The landmark around the top notice. */
  noticeLabel: string;
  /** The close button's visible word, and its accessible name (which contains the word). */
  close: string;
  closeNotice: string;
  switchAccount: string;
}

export const en: PortalMessages = {
  signedInAs: <T>(n: { email: T; place?: T | undefined }): Sentence<T> =>
    n.place === undefined ? ['Signed in as ', n.email] : ['Signed in as ', n.email, ' \u2014 ', n.place],
  noticeLabel: 'Signed-in account',
  close: 'Close',
  closeNotice: 'Close the notice',
  switchAccount: 'Switch account',
};
