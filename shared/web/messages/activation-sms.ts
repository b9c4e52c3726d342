/** The catalogs of the activation SMS by locale: `activationSmsMessages[locale].text(…)`. */
import type { Catalogs } from '../i18n.js';
import { type ActivationSmsMessages, en } from './activation-sms.en.js';
import { fr } from './activation-sms.fr.js';

export type { ActivationSmsMessages } from './activation-sms.en.js';

export const activationSmsMessages: Catalogs<ActivationSmsMessages> = { fr, en };
