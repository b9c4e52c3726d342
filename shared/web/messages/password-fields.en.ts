/** English words of the new-password fields every page that sets a password shows (shared/web/password-fields.ts). */
import type { PasswordCriterion } from '../../domain/password-rules.js';

export interface PasswordFieldsMessages {
  passwordLabel: string;
  confirmationLabel: string;
  criteriaHeading: string;
  /** The criteria of `checkPassword`, in its order. */
  criteria: Record<PasswordCriterion, string>;
  met: string;
  unmet: string;
  /** After a refused post (next to the confirmation) and live, while the two passwords differ. */
  mismatch: string;
  /** Live, once the confirmation is the password. */
  matches: string;
  showPasswords: string;
}

export const en: PasswordFieldsMessages = {
  passwordLabel: 'New password',
  confirmationLabel: 'Confirm the new password',
  criteriaHeading: 'Your password must:',
  criteria: {
    length: 'have 8 to 256 characters',
    characters: 'contain only letters without accents, digits, symbols and spaces (no é, ç, emoji…)',
    classes: 'mix at least 3 of: lower case, upper case, digits, symbols',
    'not-common': 'not be a common password',
    'not-personal': 'not contain your name or the start of your email address',
  },
  met: 'met',
  unmet: 'not met',
  mismatch: 'The two passwords are not the same.',
  matches: 'The two passwords match.',
  showPasswords: 'Show the passwords',
};
