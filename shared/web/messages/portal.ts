/** The catalogs of the portal's shell by locale. */
import type { Catalogs } from '../i18n.js';
import { en, type PortalMessages } from './portal.en.js';
import { fr } from './portal.fr.js';

export type { PortalMessages } from './portal.en.js';

export const portalMessages: Catalogs<PortalMessages> = { fr, en };
