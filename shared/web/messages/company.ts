/** The catalogs of the pages after sign-in by locale: `companyMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type CompanyMessages, en } from './company.en.js';
import { fr } from './company.fr.js';

export type { CompanyMessages } from './company.en.js';

export const companyMessages: Catalogs<CompanyMessages> = { fr, en };
