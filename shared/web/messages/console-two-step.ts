/** The catalogs of turning two-step verification off in the console by locale: `consoleTwoStepMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleTwoStepMessages, en } from './console-two-step.en.js';
import { fr } from './console-two-step.fr.js';

export type { ConsoleTwoStepMessages } from './console-two-step.en.js';

export const consoleTwoStepMessages: Catalogs<ConsoleTwoStepMessages> = { fr, en };
