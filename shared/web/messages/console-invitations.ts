/** The catalogs of the console's Invitations pages by locale: `consoleInvitationsMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleInvitationsMessages, en } from './console-invitations.en.js';
import { fr } from './console-invitations.fr.js';

export type { ConsoleInvitationsMessages } from './console-invitations.en.js';

export const consoleInvitationsMessages: Catalogs<ConsoleInvitationsMessages> = { fr, en };
