/** `POST /api/clients/{id}/devices/{deviceId}/revoke`: the device's credential stops working at its next call. */
import { type Deps, getDeps } from '../../shared/deps.js';
import { revokeDevice } from '../../shared/domain/use-cases/devices.js';
import { deviceJson } from '../../shared/http/device-schema.js';
import { edge } from '../../shared/http/handler.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const revokeDeviceHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'devices'>, log) => {
    const clientId = request.params.id!;
    const device = await revokeDevice(deps.devices, professional, clientId, request.params.deviceId!);
    log.info('device.revoked', {
      clientId,
      deviceId: device.id,
      providerId: professional.providerId,
      by: professional.oid,
    });
    return jsonResponse(200, deviceJson(device));
  },
);

/** `RevokeDevice` as the host calls it (registered by functions/revoke-device.ts, which imports this module on the first call). */
export const handler = edge(revokeDeviceHandler, getDeps);
