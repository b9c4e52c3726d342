/**
 * The anonymous SendActivationSms checks the app's version as the other app calls do (docs/mobile-app.md): below the
 * minimum → 426 `update-required` and nothing sent; no header → served; a professional's call is not the app's.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { sendActivationSmsHandler } from '../../functions/handlers/send-activation-sms.js';
import { DomainError } from '../../shared/domain/errors.js';
import { edge } from '../../shared/http/handler.js';
import { FakeIdempotencyStore, FakeProviderDirectory } from '../support/fakes.js';
import { smsWorld } from '../support/sms-fakes.js';

function setup() {
  const w = smsWorld();
  const deps = {
    auth: {
      professionalTokens: {
        async verify(): Promise<never> {
          throw new DomainError('unauthenticated', 'Invalid bearer token.');
        },
      },
      providers: new FakeProviderDirectory(),
    },
    activationSms: { send: w.send, dispatch: w.dispatch, reports: { clientFiles: w.files } },
    idempotency: new FakeIdempotencyStore(),
    settings: {
      MOBILE_APP_MINIMUM_VERSION: '1.10.0',
      MOBILE_APP_LATEST_VERSION: '1.12.0',
      MOBILE_APP_STORE_URL_ANDROID: 'https://play.google.com/store/apps/details?id=example.app',
    },
  };
  const call = async (headers: Record<string, string>) => {
    const response = await edge(sendActivationSmsHandler, () => deps)(
      new azf.HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/SendActivationSms',
        headers: { 'content-type': 'application/json', ...headers },
        body: { string: JSON.stringify({ identificationCode: 'K7M2XQ9P' }) },
      }),
      new azf.InvocationContext({ invocationId: 'inv-sms', functionName: 'SendActivationSms', logHandler: () => {} }),
    );
    return { status: response.status, body: JSON.parse(String(response.body)) as Record<string, unknown> };
  };
  return { w, call };
}

describe('SendActivationSms from the app, and its version', () => {
  it('when the app is below the minimum, then 426 update-required with the store links, and no SMS', async () => {
    const { w, call } = setup();
    await w.put();
    expect(await call({ 'X-App-Version': '1.9.3' })).toMatchObject({
      status: 426,
      body: {
        code: 'update-required',
        minimumAppVersion: '1.10.0',
        storeUrls: { android: 'https://play.google.com/store/apps/details?id=example.app' },
      },
    });
    expect(w.queue.scheduled).toHaveLength(0);
  });

  it('when the app is recent enough or names no version, then the usual 202; a header that is no version is 400', async () => {
    const { w, call } = setup();
    await w.put();
    expect(await call({ 'X-App-Version': '1.10.0' })).toMatchObject({ status: 202 });
    expect(await call({})).toMatchObject({ status: 202 });
    expect(await call({ 'X-App-Version': 'beta' })).toMatchObject({
      status: 400,
      body: { code: 'invalid-app-version' },
    });
    expect(w.queue.scheduled).toHaveLength(1);
  });
});
