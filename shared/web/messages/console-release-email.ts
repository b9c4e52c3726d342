/** The catalogs of "Release the address" by locale. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleReleaseEmailMessages, en } from './console-release-email.en.js';
import { fr } from './console-release-email.fr.js';

export type { ConsoleReleaseEmailMessages } from './console-release-email.en.js';

export const consoleReleaseEmailMessages: Catalogs<ConsoleReleaseEmailMessages> = { fr, en };
