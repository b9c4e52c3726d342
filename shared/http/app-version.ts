/**
 * The mobile app's version check at the edge (seed 004). The app's calls — `ActivateDevice`, `GET /api/devices/
 * current`, the anonymous `SendActivationSms` — name the app's version in `X-App-Version`; one below
 * MOBILE_APP_MINIMUM_VERSION is refused with 426 `update-required` and the store links, before anything is read or
 * written. No header: allowed (the service's other callers and older builds do not send it). A header that is not
 * a version: 400 `invalid-app-version`.
 */
import type { HttpRequest } from '@azure/functions';
import { isBelowMinimum, parseAppVersion } from '../domain/app-version.js';
import { DomainError } from '../domain/errors.js';
import { problemResponse } from './problem.js';
import { RequestProblem } from './request.js';

export const APP_VERSION_HEADER = 'X-App-Version';

/** The settings the check reads (shared/config.ts). */
export interface AppVersionSettings {
  MOBILE_APP_MINIMUM_VERSION: string;
  MOBILE_APP_LATEST_VERSION: string;
  MOBILE_APP_STORE_URL_IOS?: string | undefined;
  MOBILE_APP_STORE_URL_ANDROID?: string | undefined;
}

/** Where the app is updated, as configured: `{ ios?, android? }`. */
export function storeUrls(settings: AppVersionSettings): { ios?: string; android?: string } {
  return {
    ...(settings.MOBILE_APP_STORE_URL_IOS ? { ios: settings.MOBILE_APP_STORE_URL_IOS } : {}),
    ...(settings.MOBILE_APP_STORE_URL_ANDROID ? { android: settings.MOBILE_APP_STORE_URL_ANDROID } : {}),
  };
}

/**
 * The version the app named, when it may be served; undefined when it named none. Throws the 400 of a header that
 * is no version, or the 426 of a version below the minimum.
 */
export function requireSupportedAppVersion(request: HttpRequest, settings: AppVersionSettings): string | undefined {
  const header = request.headers.get(APP_VERSION_HEADER);
  if (header === null) return undefined;
  const version = parseAppVersion(header.trim());
  if (!version) {
    throw new RequestProblem(
      problemResponse({
        status: 400,
        code: 'invalid-app-version',
        title: 'The X-App-Version header is not a version',
        detail: 'Send the app’s version as major.minor.patch, e.g. 1.4.2 — or no header.',
      }),
    );
  }
  const minimum = parseAppVersion(settings.MOBILE_APP_MINIMUM_VERSION)!;
  if (isBelowMinimum(version, minimum)) {
    throw new DomainError(
      'update-required',
      `This version of the app is no longer supported: update it to ${settings.MOBILE_APP_MINIMUM_VERSION} or later.`,
      {
        minimumAppVersion: settings.MOBILE_APP_MINIMUM_VERSION,
        latestAppVersion: settings.MOBILE_APP_LATEST_VERSION,
        storeUrls: storeUrls(settings),
      },
    );
  }
  return header.trim();
}
