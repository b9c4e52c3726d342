/**
 * The pages of block and unblock (issue 12): the sign-in codes form with its one message for unknown codes and its
 * way on without codes, the blocked refusal's wording, the console's block and unblock form, and the sheet's access
 * tab offering the one that applies with who and when.
 */
import { describe, expect, it } from 'vitest';
import { renderAccessRefusedPage, renderSignInStartPage } from '../../shared/web/access-pages.js';
import { renderClientAccessForm } from '../../shared/web/console-client-access-pages.js';
import { renderClientSheet } from '../../shared/web/console-clients-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';
import { CLIENT_ID, longClientFile, longSheetView } from '../support/console-clients-views.js';
import { decodeEntities } from '../support/invitations.js';

const textOf = (page: string) =>
  decodeEntities(page.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

const frame = (locale: 'fr' | 'en') =>
  ({
    locale,
    professionalName: 'Tamer Mohamed-Nour',
    providerName: 'GFMS',
    roles: ['Clients.Manage'],
    csrf: 'the-csrf-token',
    current: 'clients',
    here: '/api/console/clients',
  }) satisfies ConsoleFrame;

describe('the sign-in codes form', () => {
  it('when it is shown, then both codes are labelled, the form says it is the codes form, and a link goes on without codes', () => {
    for (const [locale, without] of [
      ['fr', 'Se connecter sans code'],
      ['en', 'Sign in without codes'],
    ] as const) {
      const page = renderSignInStartPage({ locale, action: '/api/SignIn' }).value;
      expect(page).toContain('<label for="signin-client">');
      expect(page).toContain('<label for="signin-societe">');
      expect(page).toContain('<input type="hidden" name="form" value="codes">');
      expect(page).toContain(`<a class="button secondary" href="/api/SignIn?go=1&amp;lang=${locale}">${without}</a>`);
      expect(page).not.toContain('role="alert"');
      expect(page.replace(/<style>[\s\S]*?<\/style>/g, '')).not.toContain('aria-invalid');
    }
  });

  it('when the mobile app has store pages, then the page offers them under its own heading; with none, nothing of the app', () => {
    const ios = 'https://apps.apple.com/app/id1';
    const android = 'https://play.google.com/store/apps/details?id=a&hl=fr';
    const fr = renderSignInStartPage({ locale: 'fr', action: '/api/SignIn', appStores: { ios, android } }).value;
    expect(fr).toContain('<h2 id="signin-app-title">L’application mobile</h2>');
    expect(textOf(fr)).toContain('il vous faut votre code d’identification et le code reçu par SMS');
    expect(fr).toContain(`<a href="${ios}">App Store (iPhone, iPad)</a>`);
    expect(fr).toContain(
      '<a href="https://play.google.com/store/apps/details?id=a&amp;hl=fr">Google Play (Android)</a>',
    );
    const en = renderSignInStartPage({ locale: 'en', action: '/api/SignIn', appStores: { android } }).value;
    expect(en).toContain('<h2 id="signin-app-title">The mobile app</h2>');
    expect(en).toContain('Google Play (Android)');
    expect(en).not.toContain('App Store');
    for (const appStores of [undefined, {}]) {
      const none = renderSignInStartPage({ locale: 'en', action: '/api/SignIn', appStores }).value;
      expect(none).not.toContain('signin-app-title');
      expect(none).not.toContain('Google Play');
    }
    expect(() =>
      renderSignInStartPage({ locale: 'en', action: '/api/SignIn', appStores: { ios: 'javascript:alert(1)' } }),
    ).toThrow();
  });

  it('when the codes named no provider, then one message in an alert, the codes kept and marked invalid', () => {
    const fr = renderSignInStartPage({
      locale: 'fr',
      action: '/api/SignIn',
      client: 'NOPE',
      societe: 'X<1>',
      unknownCodes: true,
    }).value;
    expect(fr).toContain('role="alert"');
    expect(textOf(fr)).toContain('Ces codes ne correspondent à aucune société.');
    expect(fr).toContain('value="NOPE"');
    expect(fr).toContain('value="X&lt;1&gt;"');
    expect(fr.match(/<input[^>]*aria-invalid="true"/g)).toHaveLength(2);
    expect(fr).toContain('aria-describedby="signin-codes-hint signin-codes-error"');
    const en = renderSignInStartPage({ locale: 'en', action: '/api/SignIn', unknownCodes: true }).value;
    expect(textOf(en)).toContain('These codes do not match any company.');
  });
});

describe('the blocked refusal', () => {
  it('when it is met at sign-in (no session), then it offers to sign in with another account; with a session, to sign out', () => {
    const atSignIn = renderAccessRefusedPage({ locale: 'fr', reason: 'blocked', providerName: 'GFMS' }).value;
    expect(atSignIn).toContain(
      '<a class="button secondary" href="/api/SignIn?prompt=login&amp;lang=fr">Se connecter avec un autre compte</a>',
    );
    const en = renderAccessRefusedPage({ locale: 'en', reason: 'merged', providerName: 'GFMS' }).value;
    expect(en).toContain('>Sign in with another account</a>');
    expect(textOf(renderAccessRefusedPage({ locale: 'en', reason: 'blocked', providerName: 'GFMS' }).value)).toContain(
      'Your access to this account was blocked by GFMS.',
    );
    const signedIn = renderAccessRefusedPage({
      locale: 'en',
      reason: 'blocked',
      providerName: 'GFMS',
      csrfToken: 'csrf-1',
    }).value;
    expect(signedIn).not.toContain('Sign in with another account');
    expect(signedIn).toContain('value="csrf-1"');
  });

  it('when the client is blocked, then the page says by which provider and since when, in both languages', () => {
    const since = new Date('2026-03-02T10:00:00Z');
    const fr = renderAccessRefusedPage({ locale: 'fr', reason: 'blocked', providerName: 'GFMS', since }).value;
    expect(textOf(fr)).toContain('bloqué par GFMS depuis le 2 mars 2026');
    const en = renderAccessRefusedPage({ locale: 'en', reason: 'blocked', providerName: 'GFMS', since }).value;
    expect(textOf(en)).toContain('blocked by GFMS since 2 March 2026');
    const inactive = renderAccessRefusedPage({
      locale: 'fr',
      reason: 'provider-inactive',
      providerName: 'GFMS',
      since,
    }).value;
    expect(textOf(inactive)).toContain('GFMS n’utilise plus cette plateforme depuis le 2 mars 2026');
  });
});

describe('the console’s block and unblock', () => {
  it('when the form is shown, then it posts to its action with the CSRF and one-time tokens, the reason labelled and optional', () => {
    const file = longClientFile();
    for (const [locale, action, button] of [
      ['fr', 'block', 'Bloquer'],
      ['en', 'block', 'Block'],
      ['fr', 'unblock', 'Débloquer'],
      ['en', 'unblock', 'Unblock'],
    ] as const) {
      const page = renderClientAccessForm(frame(locale), { file, action, formToken: 'token-1' }).value;
      expect(page).toContain(`action="/api/console/clients/${CLIENT_ID}/${action}?lang=${locale}"`);
      expect(page).toContain('<input type="hidden" name="csrf" value="the-csrf-token">');
      expect(page).toContain('<input type="hidden" name="formToken" value="token-1">');
      expect(page).toMatch(/<label for="access-reason">[^<]+<span class="optional">/);
      expect(page).toContain(`<button type="submit" class="button">${button}</button>`);
    }
  });

  it('when it comes back, then it says why: the reason too long at the field, a merged client in an alert', () => {
    const file = longClientFile();
    const long = renderClientAccessForm(frame('en'), {
      file,
      action: 'block',
      formToken: 't',
      reason: 'x',
      problem: 'reason-too-long',
    }).value;
    expect(long).toContain('aria-invalid="true"');
    expect(textOf(long)).toContain('The reason must be at most 500 characters.');
    const merged = renderClientAccessForm(frame('fr'), {
      file,
      action: 'block',
      formToken: 't',
      problem: 'merged',
    }).value;
    expect(merged).toContain('role="alert"');
    expect(textOf(merged)).toContain('Ce client a été fusionné avec un autre client');
  });

  it('when the sheet’s access tab is shown, then it offers Block, or Unblock when blocked (with who, when and why), nothing when merged', () => {
    const since = new Date('2026-11-02T09:00:00Z');
    const offers = { sendSms: true, revokeDevice: true, access: true };
    const active = renderClientSheet(frame('en'), longSheetView({ tab: 'access', offers })).value;
    expect(active).toContain(`data-action="block" href="/api/console/clients/${CLIENT_ID}/block?lang=en">Block</a>`);
    const blocked = renderClientSheet(
      frame('en'),
      longSheetView({
        tab: 'access',
        offers,
        access: { status: 'blocked', since, by: 'Camille Passé', reason: 'Impayés' },
      }),
    ).value;
    expect(blocked).toContain(
      `data-action="unblock" href="/api/console/clients/${CLIENT_ID}/unblock?lang=en">Unblock</a>`,
    );
    expect(textOf(blocked)).toContain('Camille Passé');
    expect(textOf(blocked)).toContain('Impayés');
    const prospect = renderClientSheet(frame('fr'), longSheetView({ tab: 'access', offers, access: undefined })).value;
    expect(prospect).toContain('data-action="block"');
    const merged = renderClientSheet(
      frame('en'),
      longSheetView({ tab: 'access', offers, access: { status: 'merged', since, into: 'other' } }),
    ).value;
    expect(merged).not.toContain('data-action=');
  });
});
