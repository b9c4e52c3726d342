/** The catalogs of the console's block and unblock by locale: `consoleAccessMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleAccessMessages, en } from './console-access.en.js';
import { fr } from './console-access.fr.js';

export type { ConsoleAccessMessages } from './console-access.en.js';

export const consoleAccessMessages: Catalogs<ConsoleAccessMessages> = { fr, en };
