/**
 * The route of "send me a new link": its post (`InvitationNewLink`), and the "check your inbox" page the post sends
 * the browser to (`InvitationNewLinkSent`, POST/redirect/GET). Its own module, without zod: the page parses nothing.
 */
import type { Locale } from '../domain/locale.js';

export const NEW_LINK_PATH = '/api/InviteUser/new-link';

/** Where "send me a new link" sends the browser once the link is on its way. */
export const newLinkSentPath = (locale: Locale) =>
  `${NEW_LINK_PATH}?${new URLSearchParams({ sent: '1', lang: locale }).toString()}`;
