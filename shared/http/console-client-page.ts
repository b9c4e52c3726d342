/**
 * What the console's client functions share: the pages' frame (the "Clients" entry marked current), the client's id
 * as a route gives it (anything else is the same 404 page as another provider's client), and the sheet as the use
 * case reads it (`clientSheet`: the provider's own file only).
 */
import { randomUUID } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { DomainError } from '../domain/errors.js';
import type { TwoStepSwitch } from '../domain/ports.js';
import { type ClientFileDeps, clientSheet } from '../domain/use-cases/client-files.js';
import {
  CLIENTS_PATH,
  type ClientSheetNotice,
  type ClientTab,
  clientSheetPath,
  renderClientNotFound,
  renderClientSheet,
} from '../web/console-clients-pages.js';
import type { ConsoleFrame } from '../web/console-pages.js';
import { type ConsoleVisit, consoleFrame } from './console-route.js';
import { page } from './respond.js';

/** The actions the sheet offers, each a console route: `…/send-sms`, `…/devices/{deviceId}/revoke`, `…/block|unblock`. */
export const SHEET_OFFERS = { sendSms: true, revokeDevice: true, access: true } as const;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route's client id, or undefined when it cannot be one (then: the 404 page). */
export const routeClientId = (visit: ConsoleVisit): string | undefined => {
  const id = visit.request.params.clientId ?? '';
  return ID.test(id) ? id.toLowerCase() : undefined;
};

export const clientsFrame = (visit: ConsoleVisit, here: string): ConsoleFrame => consoleFrame(visit, 'clients', here);

/** The 404 page: an unknown client and another provider's look the same. */
export const clientNotFound = (visit: ConsoleVisit): HttpResponseInit =>
  page(404, renderClientNotFound(clientsFrame(visit, CLIENTS_PATH)));

export const isClientNotFound = (error: unknown) => error instanceof DomainError && error.code === 'client-not-found';

/** The sheet's own address for the language switch: its path and tab. */
export const sheetHere = (clientId: string, tab: ClientTab) => `${clientSheetPath(clientId)}?tab=${tab}`;

/** The client's sheet on `tab`, with `notice`, answered with `status`; the 404 page when it is not the provider's. */
export async function sheetPage(
  visit: ConsoleVisit,
  deps: ClientFileDeps & { twoStep?: Pick<TwoStepSwitch, 'isOn'> },
  clientId: string | undefined,
  status: number,
  view: { tab: ClientTab; notice?: ClientSheetNotice | undefined },
  headers: Record<string, string> = {},
): Promise<HttpResponseInit> {
  if (!clientId) return clientNotFound(visit);
  try {
    const sheet = await clientSheet(deps, visit.professional, clientId);
    const accountKey = sheet.file.accountKey;
    // Two-step verification: shown where the page reads it (the sheet's own page), off before an account exists.
    const twoStepOn = deps.twoStep ? (accountKey ? await deps.twoStep.isOn(accountKey) : false) : undefined;
    const frame = clientsFrame(visit, sheetHere(clientId, view.tab));
    // Each action form carries a one-time token: the same form posted twice is one action.
    return page(
      status,
      renderClientSheet(frame, {
        ...sheet,
        ...view,
        now: deps.clock.now(),
        formToken: randomUUID(),
        offers: SHEET_OFFERS,
        twoStepOn,
      }),
      [],
      headers,
    );
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    throw error;
  }
}
