/**
 * `GET /api/SignIn` without codes: the start page (seed 001's "Easy access"), which also points to the mobile app's
 * store pages as the settings give them. The bare page reads nothing and starts no sign-in.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { type SignInDeps, signInHandler } from '../../functions/handlers/sign-in.js';
import { parseSettings } from '../../shared/config.js';
import { storeUrls } from '../../shared/http/app-version.js';
import { createLogger } from '../../shared/log.js';
import { validSettings } from '../support/settings.js';

const context = () =>
  new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'SignIn', logHandler: () => {} });
const log = createLogger(() => {}, {});
const startPage = (lang: string) =>
  new azf.HttpRequest({ method: 'GET', url: `http://localhost/api/SignIn?lang=${lang}` });

/** Deps whose sign-in parts fail if touched: the start page needs none of them. */
const depsWith = (appStores: SignInDeps['appStores']): SignInDeps => ({
  publicBaseUrl: 'https://onboarding.example',
  appStores,
  onboarding: new Proxy({}, { get: () => expect.unreachable('the start page reads nothing') }) as never,
  sessions: new Proxy({}, { get: () => expect.unreachable('the start page starts no sign-in') }) as never,
});

describe('the sign-in start page', () => {
  it('when both store pages are configured, then the page links to them in its language', async () => {
    const settings = parseSettings({
      ...validSettings,
      MOBILE_APP_STORE_URL_IOS: 'https://apps.apple.com/fr/app/id123',
      MOBILE_APP_STORE_URL_ANDROID: 'https://play.google.com/store/apps/details?id=example.app',
    });
    const answer = await signInHandler(startPage('fr'), context(), depsWith(storeUrls(settings)), log);
    expect(answer.status).toBe(200);
    const body = String(answer.body);
    expect(body).toContain('L’application mobile');
    expect(body).toContain('<a href="https://apps.apple.com/fr/app/id123">App Store (iPhone, iPad)</a>');
    expect(body).toContain(
      '<a href="https://play.google.com/store/apps/details?id=example.app">Google Play (Android)</a>',
    );
  });

  it('when no store page is configured, then the page says nothing of the app', async () => {
    const answer = await signInHandler(
      startPage('en'),
      context(),
      depsWith(storeUrls(parseSettings(validSettings))),
      log,
    );
    expect(answer.status).toBe(200);
    expect(String(answer.body)).toContain('Sign in without codes');
    expect(String(answer.body)).not.toContain('The mobile app');
  });
});
