/** The catalogs of the console's client pages by locale: `consoleClientsMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleClientsMessages, en } from './console-clients.en.js';
import { fr } from './console-clients.fr.js';

export type { ConsoleClientsMessages } from './console-clients.en.js';

export const consoleClientsMessages: Catalogs<ConsoleClientsMessages> = { fr, en };
