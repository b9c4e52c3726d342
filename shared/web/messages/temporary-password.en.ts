/** English words of the console's temporary password: the sheet's section, the confirmation and the result pages. */
import type { TemporaryPasswordRefusal } from '../../domain/use-cases/temporary-password.js';
export interface TemporaryPasswordMessages {
  heading: string;
  /** Which address signs in, and that the others only receive mail. */
  signsInWith: string;
  othersReceiveOnly: string;
  noOtherEmails: string;
  action: string;
  notOffered: Record<TemporaryPasswordRefusal, string>;
  confirmTitle: string;
  confirmLead: (client: string, email: string) => string;
  confirmEffects: string[];
  confirm: string;
  cancel: string;
  resultTitle: string;
  resultLead: (email: string) => string;
  passwordLabel: string;
  /** Seed 004, step 5: "copy the password to send it to the client". */
  copy: string;
  copied: string;
  resultOnce: string;
  resultNext: string;
  backToSheet: string;
  refusedTitle: string;
}

export const en: TemporaryPasswordMessages = {
  heading: 'Password',
  signsInWith: 'Signs in with (primary)',
  othersReceiveOnly: 'Receive mail only (secondary): these addresses cannot sign in',
  noOtherEmails: 'No other address.',
  action: 'Generate a temporary password',
  notOffered: {
    'no-account':
      'No temporary password: the client has not signed in yet, so there is no account. Send the invitation again instead.',
    'multiple-providers':
      'No temporary password: the client is the client of more than one provider. They can reset their password themselves from the sign-in page.',
    blocked: 'No temporary password: this client is blocked. Unblock them first if they should sign in again.',
    merged: 'No temporary password: this client was merged into another client. Act on that client’s sheet.',
  },
  confirmTitle: 'Generate a temporary password?',
  confirmLead: (client, email) => `A new password for ${client}, who signs in with ${email}.`,
  confirmEffects: [
    'The current password stops working at once, and the client is signed out everywhere.',
    'You see the temporary password once: give it to the client yourself. The client is told by email, without it.',
    'At the next sign-in, the client must choose a new password.',
  ],
  confirm: 'Generate the password',
  cancel: 'Cancel',
  resultTitle: 'Temporary password',
  resultLead: (email) => `The temporary password of the account that signs in with ${email}:`,
  passwordLabel: 'Temporary password',
  copy: 'Copy the password',
  copied: 'Password copied.',
  resultOnce: 'It is shown only this once: nobody can see it again, not even you. Generate another if it is lost.',
  resultNext: 'At the next sign-in, the client must choose a new password.',
  backToSheet: 'Back to the client sheet',
  refusedTitle: 'No temporary password',
};
