/** The catalogs of the new-password fields by locale: `passwordFieldsMessages[locale].criteria.length`. */
import type { Catalogs } from '../i18n.js';
import { en, type PasswordFieldsMessages } from './password-fields.en.js';
import { fr } from './password-fields.fr.js';

export type { PasswordFieldsMessages } from './password-fields.en.js';

export const passwordFieldsMessages: Catalogs<PasswordFieldsMessages> = { fr, en };
