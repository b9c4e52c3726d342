/** The catalogs of the client's profile pages by locale. */
import type { Catalogs } from '../i18n.js';
import { en, type ProfileMessages } from './profile.en.js';
import { fr } from './profile.fr.js';

export type { ProfileMessages } from './profile.en.js';

export const profileMessages: Catalogs<ProfileMessages> = { fr, en };
