/** The catalogs of two-step verification's pages by locale. */
import type { Catalogs } from '../i18n.js';
import { en, type TwoStepMessages } from './two-step.en.js';
import { fr } from './two-step.fr.js';

export type { TwoStepMessages } from './two-step.en.js';

export const twoStepMessages: Catalogs<TwoStepMessages> = { fr, en };
