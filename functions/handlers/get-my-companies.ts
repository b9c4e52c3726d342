/**
 * `GET /api/me/companies` (the mobile app, its device credential as bearer token): the app's version first (426
 * below the minimum), the credential checked as `GET /api/devices/current` checks it, then the (provider, company)
 * places the credential's account reaches, so the person picks one.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { deviceCompanies } from '../../shared/domain/use-cases/devices.js';
import { requireSupportedAppVersion } from '../../shared/http/app-version.js';
import { deviceBearer } from '../../shared/http/device-bearer.js';
import { deviceCompaniesJson } from '../../shared/http/device-schema.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const getMyCompaniesHandler: Handler<Pick<Deps, 'devices' | 'settings'>> = async (request, _context, deps) => {
  const appVersion = requireSupportedAppVersion(request, deps.settings);
  const { companies } = await deviceCompanies(
    deps.devices,
    deviceBearer(request.headers.get('authorization')),
    appVersion,
  );
  return jsonResponse(200, deviceCompaniesJson(companies), { 'Cache-Control': 'no-store' });
};

/** `GetMyCompanies` as the host calls it (registered by functions/get-my-companies.ts, which imports this module on the first call). */
export const handler = edge(getMyCompaniesHandler, getDeps);
