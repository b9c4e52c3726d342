/** The catalogs of the access pages by locale: `accessMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type AccessMessages, en } from './access.en.js';
import { fr } from './access.fr.js';

export type { AccessMessages } from './access.en.js';

export const accessMessages: Catalogs<AccessMessages> = { fr, en };
