/** `GET /api/app-config`: the mobile app's minimum and latest versions and its store pages, from the settings. */
import { type Deps, getDeps } from '../../shared/deps.js';
import { storeUrls } from '../../shared/http/app-version.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const getAppConfigHandler: Handler<Pick<Deps, 'settings'>> = async (_request, _context, deps) =>
  jsonResponse(200, {
    minimumAppVersion: deps.settings.MOBILE_APP_MINIMUM_VERSION,
    latestAppVersion: deps.settings.MOBILE_APP_LATEST_VERSION,
    storeUrls: storeUrls(deps.settings),
  });

/** `GetAppConfig` as the host calls it (registered by functions/get-app-config.ts, which imports this module on the first call). */
export const handler = edge(getAppConfigHandler, getDeps);
