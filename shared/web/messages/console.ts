/** The catalogs of the professional console by locale: `consoleMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleMessages, en } from './console.en.js';
import { fr } from './console.fr.js';

export type { ConsoleMessages } from './console.en.js';

export const consoleMessages: Catalogs<ConsoleMessages> = { fr, en };
