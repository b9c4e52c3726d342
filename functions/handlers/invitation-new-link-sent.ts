/**
 * `GET /api/InviteUser/new-link?sent=1&lang=…`: the "check your inbox" page that `POST /api/InviteUser/new-link`
 * sends the browser to (`303`) once a new link is on its way — POST/redirect/GET, so a reload or the back button
 * shows this page again instead of posting the old link's key once more (the renewal replaced it: the answer would
 * be the not-found page) and sends nothing. It reads nothing: anyone may open its address, so its page names no one
 * and no invitation (not the address, not whether a link was sent). Without `sent=1`, the not-found page.
 */
import { languageSwitch, pageLocale } from '../../shared/http/browser.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { NEW_LINK_PATH } from '../../shared/http/new-link-path.js';
import { pageResponse } from '../../shared/http/respond.js';
import { renderLinkNotFoundPage, renderNewLinkSentPage } from '../../shared/web/invitation-pages.js';

export const newLinkSentHandler: Handler<unknown> = async (request) => {
  const locale = pageLocale(request);
  if (request.query.get('sent') !== '1') return pageResponse(404, renderLinkNotFoundPage({ locale }));
  return pageResponse(
    200,
    renderNewLinkSentPage({ locale, languageSwitch: languageSwitch(NEW_LINK_PATH, { sent: '1' }) }),
  );
};

/** `InvitationNewLinkSent` as the host calls it (registered by functions/invitation-new-link-sent.ts, which imports this module on the first call). */
export const handler = edge(newLinkSentHandler, () => undefined);
