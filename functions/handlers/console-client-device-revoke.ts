/**
 * `GET|POST /api/console/clients/{clientId}/devices/{deviceId}/revoke` (role `Clients.Manage`): "Revoke" on the
 * sheet's device list — its confirmation page, then revoking through the same use case as the API (`revokeDevice`):
 * the device's credential stops working at once. Sent back to the sheet's mobile app tab (`?done=device-revoked`). A
 * device no longer on the sheet (or already revoked) is the sheet saying so; another provider's client, the 404 page.
 */
import type { HttpResponseInit } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { DeviceDeps } from '../../shared/domain/use-cases/activate-device.js';
import { type ClientFileDeps, clientSheet } from '../../shared/domain/use-cases/client-files.js';
import { revokeDevice } from '../../shared/domain/use-cases/devices.js';
import {
  clientNotFound,
  clientsFrame,
  isClientNotFound,
  routeClientId,
  sheetPage,
} from '../../shared/http/console-client-page.js';
import {
  type ConsoleEdgeDeps,
  type ConsoleVisit,
  consoleEdgeDeps,
  consolePage,
} from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page, redirect } from '../../shared/http/respond.js';
import { clientSheetPath, deviceRevokePath, renderRevokeDevice } from '../../shared/web/console-clients-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleClientDeviceRevokeDeps = ConsoleEdgeDeps & { clientFiles: ClientFileDeps; devices: DeviceDeps };

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const deviceGone = (visit: ConsoleVisit, deps: ConsoleClientDeviceRevokeDeps, clientId: string) =>
  sheetPage(visit, deps.clientFiles, clientId, 404, { tab: 'app', notice: { kind: 'refused', reason: 'device-gone' } });

async function confirmation(
  visit: ConsoleVisit,
  deps: ConsoleClientDeviceRevokeDeps,
  clientId: string,
  deviceId: string,
): Promise<HttpResponseInit> {
  try {
    const sheet = await clientSheet(deps.clientFiles, visit.professional, clientId);
    const device = sheet.devices.find((d) => d.id === deviceId && !d.revokedAt);
    if (!device) return deviceGone(visit, deps, clientId);
    const frame = clientsFrame(visit, deviceRevokePath(clientId, deviceId));
    return page(200, renderRevokeDevice(frame, { file: sheet.file, device }));
  } catch (error) {
    if (isClientNotFound(error)) return clientNotFound(visit);
    throw error;
  }
}

export const consoleClientDeviceRevokeHandler = consolePage<ConsoleClientDeviceRevokeDeps>(
  'Clients.Manage',
  async (visit, deps) => {
    const clientId = routeClientId(visit);
    if (!clientId) return clientNotFound(visit);
    const deviceId = (visit.request.params.deviceId ?? '').toLowerCase();
    if (!ID.test(deviceId)) return deviceGone(visit, deps, clientId);
    if (visit.request.method !== 'POST') return confirmation(visit, deps, clientId, deviceId);
    try {
      await revokeDevice(deps.devices, visit.professional, clientId, deviceId);
      visit.log.info('console.client.device-revoked', {
        clientId,
        deviceId,
        providerId: visit.professional.providerId,
      });
      return redirect(consoleHref(clientSheetPath(clientId), visit.locale, { tab: 'app', done: 'device-revoked' }));
    } catch (error) {
      if (isClientNotFound(error)) return clientNotFound(visit);
      if (error instanceof DomainError && error.code === 'device-not-found') return deviceGone(visit, deps, clientId);
      throw error;
    }
  },
);

/** `ConsoleClientDeviceRevoke` as the host calls it (registered by functions/console-client-device-revoke.ts, which imports this module on the first call). */
export const handler = edge(consoleClientDeviceRevokeHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), clientFiles: deps.clientFiles, devices: deps.devices };
});
