/**
 * The mobile app's version settings and the edge check of `X-App-Version` (shared/http/app-version.ts): no header is
 * allowed, a header that is no version is 400, one below the minimum is 426 `update-required` with the store links.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseSettings } from '../../shared/config.js';
import { DomainError } from '../../shared/domain/errors.js';
import { requireSupportedAppVersion } from '../../shared/http/app-version.js';
import { errorResponse } from '../../shared/http/handler.js';
import { RequestProblem } from '../../shared/http/request.js';
import { createLogger } from '../../shared/log.js';
import { validSettings } from '../support/settings.js';

const settings = parseSettings({
  ...validSettings,
  MOBILE_APP_MINIMUM_VERSION: '1.9.3',
  MOBILE_APP_LATEST_VERSION: '1.12.0',
  MOBILE_APP_STORE_URL_IOS: 'https://apps.apple.com/fr/app/id123',
  MOBILE_APP_STORE_URL_ANDROID: 'https://play.google.com/store/apps/details?id=example.app',
});

const request = (version?: string) =>
  new azf.HttpRequest({
    method: 'GET',
    url: 'http://localhost/api/devices/current',
    headers: version === undefined ? {} : { 'X-App-Version': version },
  });

function answer(error: unknown) {
  const context = new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'T', logHandler: () => {} });
  const response = errorResponse(
    error,
    context,
    createLogger(() => {}, {}),
  );
  return { status: response.status, body: JSON.parse(String(response.body)) as Record<string, unknown> };
}

function refusal(version: string) {
  try {
    requireSupportedAppVersion(request(version), settings);
  } catch (error) {
    if (error instanceof DomainError || error instanceof RequestProblem) return answer(error);
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the mobile app version settings', () => {
  it('when none is set, then the minimum and the latest are 1.0.0 and no store link is known', () => {
    const s = parseSettings(validSettings);
    expect([s.MOBILE_APP_MINIMUM_VERSION, s.MOBILE_APP_LATEST_VERSION]).toEqual(['1.0.0', '1.0.0']);
    expect([s.MOBILE_APP_STORE_URL_IOS, s.MOBILE_APP_STORE_URL_ANDROID]).toEqual([undefined, undefined]);
  });

  it('when a version is no version, or the latest comes before the minimum, then the settings say so', () => {
    expect(() => parseSettings({ ...validSettings, MOBILE_APP_MINIMUM_VERSION: 'v2' })).toThrow(
      /MOBILE_APP_MINIMUM_VERSION: must be a version/,
    );
    expect(() =>
      parseSettings({ ...validSettings, MOBILE_APP_MINIMUM_VERSION: '1.10.0', MOBILE_APP_LATEST_VERSION: '1.9.9' }),
    ).toThrow(ConfigError);
  });
});

describe('X-App-Version at the edge', () => {
  it('when the app sends no header, then it is served', () => {
    expect(requireSupportedAppVersion(request(), settings)).toBeUndefined();
  });

  it('when the app is at or above the minimum (1.10.0 after 1.9.3), then it is served with its version', () => {
    expect(requireSupportedAppVersion(request('1.9.3'), settings)).toBe('1.9.3');
    expect(requireSupportedAppVersion(request('1.10.0'), settings)).toBe('1.10.0');
  });

  it('when the app is below the minimum, then 426 update-required with the versions and the store links', () => {
    expect(refusal('1.9.2')).toEqual({
      status: 426,
      body: expect.objectContaining({
        code: 'update-required',
        minimumAppVersion: '1.9.3',
        latestAppVersion: '1.12.0',
        storeUrls: {
          ios: 'https://apps.apple.com/fr/app/id123',
          android: 'https://play.google.com/store/apps/details?id=example.app',
        },
      }),
    });
  });

  it('when the header is no version, then 400 invalid-app-version', () => {
    for (const bad of ['latest', '1.2.x', '', `1.${'9'.repeat(70)}`]) {
      expect(refusal(bad)).toMatchObject({ status: 400, body: { code: 'invalid-app-version' } });
    }
  });
});
