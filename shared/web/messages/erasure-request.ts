/** The catalogs of the client's erasure request by locale. */
import type { Catalogs } from '../i18n.js';
import { type ErasureRequestMessages, en } from './erasure-request.en.js';
import { fr } from './erasure-request.fr.js';

export type { ErasureRequestMessages } from './erasure-request.en.js';

export const erasureRequestMessages: Catalogs<ErasureRequestMessages> = { fr, en };
