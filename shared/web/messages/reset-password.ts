/** The catalogs of the forgot-password pages by locale: `resetPasswordMessages[locale].requestTitle`. */
import type { Catalogs } from '../i18n.js';
import { en, type ResetPasswordMessages } from './reset-password.en.js';
import { fr } from './reset-password.fr.js';

export type { ResetPasswordMessages } from './reset-password.en.js';

export const resetPasswordMessages: Catalogs<ResetPasswordMessages> = { fr, en };
