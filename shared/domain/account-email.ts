/**
 * Emails about a client's account, as opposed to invitations: a password-reset link, why a reset cannot be offered
 * (access refused: only the mailbox owner learns why), the notice that the password changed, the notice that a
 * professional set a temporary password, the code that proves a new sign-in address and the notice to the old one
 * once it changed. Each is queued (`AccountEmails.queue`) by the change that calls for it and
 * sent once by the account-email dispatcher, in the client's language; a link or a code is a secret: the outbox keeps
 * it sealed at rest and never logs it.
 */
import type { RefusalReason } from './client.js';
import type { Locale } from './locale.js';

export type AccountEmail =
  | {
      kind: 'reset-link';
      to: string;
      locale: Locale;
      /** `GET /api/ResetPassword?token=…`: a secret. */
      url: string;
      expiresAt: Date;
    }
  | {
      kind: 'reset-refused';
      to: string;
      locale: Locale;
      /** Why the account cannot sign in, for the mailbox owner only (seed 004). */
      reason: Exclude<RefusalReason, 'no-access'>;
      since?: Date;
      providerName?: string;
      supportEmail?: string;
      /** Merged: the account's data now lives under this address, masked. */
      mergedIntoEmail?: string;
    }
  | {
      kind: 'password-changed';
      to: string;
      locale: Locale;
      at: Date;
      /** How it changed: the reset link, the profile page, or the change forced after a temporary password. */
      how: 'reset' | 'profile' | 'forced-change';
    }
  | {
      kind: 'temporary-password';
      to: string;
      locale: Locale;
      at: Date;
      /** The provider whose professional set it. Never the password itself. */
      providerName: string;
    }
  | {
      kind: 'two-step-help';
      /** A professional of the provider who manages clients (or the provider's support address). */
      to: string;
      locale: Locale;
      at: Date;
      providerName: string;
      /** Who asks: the client's name and the address they sign in with. */
      clientName: string;
      clientEmail: string;
    }
  | {
      kind: 'two-step-off';
      to: string;
      locale: Locale;
      at: Date;
      /** The provider whose professional turned it off. */
      providerName: string;
    }
  | {
      /** The code that proves the client holds the new sign-in address (sign-in-email.ts): sent to that address. */
      kind: 'sign-in-email-code';
      to: string;
      locale: Locale;
      /** 6 digits: a secret, sealed at rest. */
      code: string;
      expiresAt: Date;
      /** A provider's professional proposed the change from the sheet: its name, and the page to type the code on. */
      proposedBy?: { providerName: string; url: string };
    }
  | {
      /** The sign-in address changed: sent to the old one, the new one masked. */
      kind: 'sign-in-email-changed';
      to: string;
      locale: Locale;
      at: Date;
      newEmailMasked: string;
    };

export type AccountEmailKind = AccountEmail['kind'];

export interface AccountEmails {
  /** Queues the email; it is sent once even if the process dies after this returns. */
  queue(email: AccountEmail): Promise<void>;
}
