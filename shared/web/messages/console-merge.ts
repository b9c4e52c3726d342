/** The catalogs of merging client files in the console by locale: `consoleMergeMessages[locale].key`. */
import type { Catalogs } from '../i18n.js';
import { type ConsoleMergeMessages, en } from './console-merge.en.js';
import { fr } from './console-merge.fr.js';

export type { ConsoleMergeMessages } from './console-merge.en.js';

export const consoleMergeMessages: Catalogs<ConsoleMergeMessages> = { fr, en };
