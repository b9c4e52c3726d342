/** The catalogs of the sign-in email change by locale. */
import type { Catalogs } from '../i18n.js';
import { en, type SignInEmailMessages } from './sign-in-email.en.js';
import { fr } from './sign-in-email.fr.js';

export type { SignInEmailMessages } from './sign-in-email.en.js';

export const signInEmailMessages: Catalogs<SignInEmailMessages> = { fr, en };
