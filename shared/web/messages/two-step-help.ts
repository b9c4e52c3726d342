/** The catalogs of "No access to the app" by locale: `twoStepHelpMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { en, type TwoStepHelpMessages } from './two-step-help.en.js';
import { fr } from './two-step-help.fr.js';

export type { TwoStepHelpMessages } from './two-step-help.en.js';

export const twoStepHelpMessages: Catalogs<TwoStepHelpMessages> = { fr, en };
