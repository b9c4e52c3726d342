/**
 * `POST /api/ActivateDevice` (the mobile app, anonymous): the app's version first (426 below the minimum), then the
 * identification and activation codes → the device credential. Refusals are security events in the logs, with the
 * client's id when the identification code named one — never a code or the credential.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { ActivationRefused, activateDevice } from '../../shared/domain/use-cases/activate-device.js';
import { requireSupportedAppVersion } from '../../shared/http/app-version.js';
import { activateDeviceRequestSchema } from '../../shared/http/device-schema.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';

/** The request is a few short fields: anything larger is not an activation. */
const BODY_LIMIT = 4 * 1024;

export const activateDeviceHandler: Handler<Pick<Deps, 'devices' | 'settings'>> = async (
  request,
  _context,
  deps,
  log,
) => {
  const appVersion = requireSupportedAppVersion(request, deps.settings);
  const body = await readJson(request, activateDeviceRequestSchema, BODY_LIMIT);
  try {
    const activation = await activateDevice(deps.devices, {
      identificationCode: body.identificationCode,
      activationCode: body.activationCode,
      ...(appVersion ? { appVersion } : {}),
      ...(body.label ? { label: body.label } : {}),
      ...(body.totpCode ? { totpCode: body.totpCode } : {}),
    });
    log.info('device.activated', {
      clientId: activation.clientId,
      providerId: activation.file.providerId,
      deviceId: activation.device.id,
      ...(appVersion ? { appVersion } : {}),
    });
    return jsonResponse(
      200,
      {
        deviceToken: activation.deviceToken,
        clientId: activation.clientId,
        expiresAt: activation.expiresAt.toISOString(),
      },
      { 'Cache-Control': 'no-store' },
    );
  } catch (error) {
    if (error instanceof ActivationRefused) {
      const fields = { code: error.code, ...(error.file ?? { clientId: 'unknown' }) };
      if (error.code === 'activation-locked' || error.code === 'activation-code-spent') {
        log.warn('device.activation.refused', fields);
      } else log.info('device.activation.refused', fields);
    } else if (error instanceof DomainError && error.code === 'concurrent-update') {
      log.warn('device.activation.contended', {});
    }
    throw error;
  }
};

/** `ActivateDevice` as the host calls it (registered by functions/activate-device.ts, which imports this module on the first call). */
export const handler = edge(activateDeviceHandler, getDeps);
