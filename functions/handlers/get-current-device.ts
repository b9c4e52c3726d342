/**
 * `GET /api/devices/current` (the mobile app, its device credential as bearer token): the app's version first (426
 * below the minimum), then whose device it is and until when the app may be used — 401 once the device is revoked.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { currentDevice } from '../../shared/domain/use-cases/devices.js';
import { requireSupportedAppVersion } from '../../shared/http/app-version.js';
import { deviceBearer } from '../../shared/http/device-bearer.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const getCurrentDeviceHandler: Handler<Pick<Deps, 'devices' | 'settings'>> = async (request, _context, deps) => {
  const appVersion = requireSupportedAppVersion(request, deps.settings);
  const current = await currentDevice(deps.devices, deviceBearer(request.headers.get('authorization')), appVersion);
  return jsonResponse(
    200,
    { clientId: current.clientId, deviceId: current.deviceId, mobileApp: current.mobileApp },
    { 'Cache-Control': 'no-store' },
  );
};

/** `GetCurrentDevice` as the host calls it (registered by functions/get-current-device.ts, which imports this module on the first call). */
export const handler = edge(getCurrentDeviceHandler, getDeps);
