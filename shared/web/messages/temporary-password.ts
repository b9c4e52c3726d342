/** The catalogs of the console's temporary password by locale. */
import type { Catalogs } from '../i18n.js';
import { en, type TemporaryPasswordMessages } from './temporary-password.en.js';
import { fr } from './temporary-password.fr.js';

export type { TemporaryPasswordMessages } from './temporary-password.en.js';

export const temporaryPasswordMessages: Catalogs<TemporaryPasswordMessages> = { fr, en };
