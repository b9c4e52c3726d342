/** The catalogs of "Change sign-in email" on a client sheet by locale. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleSignInEmailMessages, en } from './console-sign-in-email.en.js';
import { fr } from './console-sign-in-email.fr.js';

export type { ConsoleSignInEmailMessages } from './console-sign-in-email.en.js';

export const consoleSignInEmailMessages: Catalogs<ConsoleSignInEmailMessages> = { fr, en };
