/** The account-email catalogs by locale: `accountEmailMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type AccountEmailMessages, en } from './account-email.en.js';
import { fr } from './account-email.fr.js';

export type { AccountEmailMessages } from './account-email.en.js';

export const accountEmailMessages: Catalogs<AccountEmailMessages> = { fr, en };
