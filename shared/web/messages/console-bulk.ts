/** The catalogs of the console's bulk invite by locale: `consoleBulkMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleBulkMessages, en } from './console-bulk.en.js';
import { fr } from './console-bulk.fr.js';

export type { BulkFormProblem, ConsoleBulkMessages } from './console-bulk.en.js';

export const consoleBulkMessages: Catalogs<ConsoleBulkMessages> = { fr, en };
