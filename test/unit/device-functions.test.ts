/**
 * The mobile app's handlers at the edge: the version check comes before anything is read, the credential is answered
 * `no-store`, and the device call reads its bearer token.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { activateDeviceHandler } from '../../functions/handlers/activate-device.js';
import { getAppConfigHandler } from '../../functions/handlers/get-app-config.js';
import { getCurrentDeviceHandler } from '../../functions/handlers/get-current-device.js';
import { getMyCompaniesHandler } from '../../functions/handlers/get-my-companies.js';
import { createDeviceCredentials } from '../../shared/adapters/device-credentials.js';
import { parseSettings } from '../../shared/config.js';
import { errorResponse } from '../../shared/http/handler.js';
import { createLogger } from '../../shared/log.js';
import { ACTIVATION_CODE, clientFileWithCode, deviceWorld, IDENTIFICATION_CODE } from '../support/device-fakes.js';
import { validSettings } from '../support/settings.js';

const settings = parseSettings({
  ...validSettings,
  MOBILE_APP_MINIMUM_VERSION: '2.0.0',
  MOBILE_APP_LATEST_VERSION: '2.3.1',
  MOBILE_APP_STORE_URL_IOS: 'https://apps.apple.com/fr/app/id123',
});

const context = () => new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'T', logHandler: () => {} });
const log = createLogger(() => {}, {});

/** The handler's answer, or the edge's answer to what it threw. */
async function run(handler: typeof activateDeviceHandler, request: azf.HttpRequest, deps: unknown) {
  const c = context();
  const response = await handler(request, c, deps as never, log).catch((error: unknown) =>
    errorResponse(error, c, log),
  );
  return {
    status: response.status,
    headers: response.headers as Record<string, string>,
    body: JSON.parse(String(response.body)) as Record<string, unknown>,
  };
}

const activation = (
  version?: string,
  body: unknown = { identificationCode: IDENTIFICATION_CODE, activationCode: ACTIVATION_CODE },
) =>
  new azf.HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/ActivateDevice',
    headers: { 'content-type': 'application/json', ...(version ? { 'X-App-Version': version } : {}) },
    body: { string: JSON.stringify(body) },
  });

describe('the mobile app’s handlers', () => {
  it('when an app below the minimum activates, then 426 before its body or the store is read', async () => {
    const w = deviceWorld();
    let reads = 0;
    w.files.byIdentificationCode = async () => {
      reads += 1;
      return undefined;
    };
    const answer = await run(activateDeviceHandler, activation('1.9.9', 'not even json'), {
      devices: w.deps,
      settings,
    });
    expect(answer.status).toBe(426);
    expect(answer.body).toMatchObject({
      code: 'update-required',
      storeUrls: { ios: 'https://apps.apple.com/fr/app/id123' },
    });
    expect(reads).toBe(0);
  });

  it('when the codes match, then the credential is answered with Cache-Control: no-store, and it opens the device call', async () => {
    const w = deviceWorld();
    // The real credentials (a JWT, as the bearer header carries it).
    w.deps.credentials = createDeviceCredentials(settings.SESSION_KEYS, settings.PUBLIC_BASE_URL);
    await w.seed(clientFileWithCode(w.clock.now()));
    const answer = await run(activateDeviceHandler, activation('2.0.0'), { devices: w.deps, settings });
    expect(answer.status).toBe(200);
    expect(answer.headers['Cache-Control']).toBe('no-store');
    const token = answer.body.deviceToken as string;
    const device = await run(
      getCurrentDeviceHandler,
      new azf.HttpRequest({
        method: 'GET',
        url: 'http://localhost/api/devices/current',
        headers: { authorization: `Bearer ${token}` },
      }),
      { devices: w.deps, settings },
    );
    expect(device).toMatchObject({ status: 200, body: { clientId: answer.body.clientId } });
    expect(device.headers['Cache-Control']).toBe('no-store');
  });

  it('when the activation code is typed with spaces or hyphens, as the identification code may be, then it is the same code', async () => {
    for (const typed of [
      ` ${ACTIVATION_CODE.slice(0, 3)} ${ACTIVATION_CODE.slice(3)}`,
      `${ACTIVATION_CODE.slice(0, 3)}-${ACTIVATION_CODE.slice(3)}`,
    ]) {
      const w = deviceWorld();
      await w.seed(clientFileWithCode(w.clock.now()));
      const answer = await run(
        activateDeviceHandler,
        activation('2.0.0', { identificationCode: IDENTIFICATION_CODE, activationCode: typed }),
        { devices: w.deps, settings },
      );
      expect([typed, answer.status]).toEqual([typed, 200]);
    }
  });

  it('when the app asks for its companies, then the places answered no-store; without a credential 401 Bearer; a password changed in the second of its iat, device-revoked', async () => {
    const w = deviceWorld();
    w.deps.credentials = createDeviceCredentials(settings.SESSION_KEYS, settings.PUBLIC_BASE_URL);
    w.clock.set(new Date('2030-06-03T09:00:00.400Z'));
    await w.seed(clientFileWithCode(w.clock.now(), { accountKey: 'client-tenant|oid-nour' }));
    const token = (await run(activateDeviceHandler, activation('2.0.0'), { devices: w.deps, settings })).body
      .deviceToken as string;
    const companies = (authorization?: string, version = '2.0.0') =>
      run(
        getMyCompaniesHandler,
        new azf.HttpRequest({
          method: 'GET',
          url: 'http://localhost/api/me/companies',
          headers: { 'X-App-Version': version, ...(authorization ? { authorization } : {}) },
        }),
        { devices: w.deps, settings },
      );
    const listed = await companies(`Bearer ${token}`);
    expect(listed.status).toBe(200);
    expect(listed.headers['Cache-Control']).toBe('no-store');
    // No account behind the file (the accounts store knows none): its own provider.
    expect(listed.body).toEqual({ items: [{ providerId: 'gfms', providerName: expect.any(String) }] });
    expect((await companies(`Bearer ${token}`, '1.0.0')).status).toBe(426);
    const missing = await companies(undefined);
    expect([missing.status, missing.body.code, missing.headers['WWW-Authenticate']]).toEqual([
      401,
      'unauthenticated',
      'Bearer',
    ]);
    // The credential's `iat` is 09:00:00 (whole seconds): a change at 09:00:00.600 may follow its issue — refused.
    await w.accounts.recordPasswordChange('client-tenant|oid-nour', new Date('2030-06-03T09:00:00.600Z'));
    const revoked = await companies(`Bearer ${token}`);
    expect([revoked.status, revoked.body.code, revoked.headers['WWW-Authenticate']]).toEqual([
      401,
      'device-revoked',
      'Bearer',
    ]);
  });

  it('when app-config is asked, then the versions and the store links configured', async () => {
    const answer = await run(
      getAppConfigHandler,
      new azf.HttpRequest({ method: 'GET', url: 'http://localhost/api/app-config' }),
      { settings },
    );
    expect(answer).toMatchObject({
      status: 200,
      body: {
        minimumAppVersion: '2.0.0',
        latestAppVersion: '2.3.1',
        storeUrls: { ios: 'https://apps.apple.com/fr/app/id123' },
      },
    });
  });
});
