/** The invitation catalogs by locale: `invitationMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { en, type InvitationMessages } from './invitation.en.js';
import { fr } from './invitation.fr.js';

export type { InvitationMessages } from './invitation.en.js';

export const invitationMessages: Catalogs<InvitationMessages> = { fr, en };
