/**
 * The pages of block and unblock (issue 12) in real Chromium, checked by axe-core (WCAG 2.x A/AA and best practices)
 * in both languages: the sign-in codes form (with the mobile app's store links, and with its one message for unknown
 * codes), the blocked and
 * provider-inactive refusals, the console's block and unblock forms (and one coming back with a problem), and the
 * sheet's access tab offering Block or Unblock. Loaded with `setContent`: no server needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../shared/domain/locale.js';
import { renderAccessRefusedPage, renderSignInStartPage } from '../../shared/web/access-pages.js';
import { renderClientAccessForm } from '../../shared/web/console-client-access-pages.js';
import { renderClientSheet } from '../../shared/web/console-clients-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';
import { markupViolations } from '../support/axe.js';
import { type Browser, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { longClientFile, longSheetView } from '../support/console-clients-views.js';

const frame = (locale: Locale): ConsoleFrame => ({
  locale,
  professionalName: 'Tamer Mohamed-Nour',
  providerName: 'GFMS',
  roles: ['Clients.Manage'],
  csrf: 'the-csrf-token',
  current: 'clients',
  here: '/api/console/clients',
});

function pages(locale: Locale): [string, string][] {
  const since = new Date('2026-03-02T10:00:00Z');
  const file = longClientFile();
  const offers = { sendSms: true, revokeDevice: true, access: true };
  return [
    ['codes form', renderSignInStartPage({ locale, action: '/api/SignIn' }).value],
    [
      'codes form with the mobile app’s stores',
      renderSignInStartPage({
        locale,
        action: '/api/SignIn',
        appStores: {
          ios: 'https://apps.apple.com/app/id1',
          android: 'https://play.google.com/store/apps/details?id=a',
        },
      }).value,
    ],
    [
      'codes form with unknown codes',
      renderSignInStartPage({ locale, action: '/api/SignIn', client: 'NOPE', societe: 'X', unknownCodes: true }).value,
    ],
    [
      'blocked refusal',
      renderAccessRefusedPage({
        locale,
        reason: 'blocked',
        providerName: 'GFMS',
        since,
        supportEmail: 'support@gfms.example',
        csrfToken: 'csrf',
      }).value,
    ],
    [
      'provider-inactive refusal',
      renderAccessRefusedPage({
        locale,
        reason: 'provider-inactive',
        providerName: 'GFMS',
        since,
        supportEmail: 'support@gfms.example',
      }).value,
    ],
    ['console block form', renderClientAccessForm(frame(locale), { file, action: 'block', formToken: 't' }).value],
    [
      'console block form, reason too long',
      renderClientAccessForm(frame(locale), {
        file,
        action: 'block',
        formToken: 't',
        reason: 'x',
        problem: 'reason-too-long',
      }).value,
    ],
    [
      'console unblock form, merged',
      renderClientAccessForm(frame(locale), { file, action: 'unblock', formToken: 't', problem: 'merged' }).value,
    ],
    [
      'sheet access tab, blocked',
      renderClientSheet(
        frame(locale),
        longSheetView({
          tab: 'access',
          offers,
          access: { status: 'blocked', since, by: 'Camille Passé', reason: 'Impayés' },
          notice: { kind: 'done', what: 'blocked' },
        }),
      ).value,
    ],
    ['sheet access tab, active', renderClientSheet(frame(locale), longSheetView({ tab: 'access', offers })).value],
  ];
}

describe.runIf(!chromiumMissing())('the access pages in Chromium, checked by axe-core', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const locale of LOCALES) {
    for (const [name, markup] of pages(locale)) {
      it(`when the ${name} page is shown in ${locale}, then axe finds no violation`, async () => {
        expect(await markupViolations(page, markup)).toEqual([]);
      });
    }
  }

  it('when the codes form comes back, then its one message is announced as an alert and both fields are invalid', async () => {
    await page.setContent(
      renderSignInStartPage({ locale: 'en', action: '/api/SignIn', client: 'NOPE', unknownCodes: true }).value,
    );
    expect(await page.getByRole('alert').innerText()).toContain('These codes do not match any company');
    expect(await page.getByLabel('Client code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('link', { name: 'Sign in without codes' }).getAttribute('href')).toBe(
      '/api/SignIn?go=1&lang=en',
    );
  });
});
