/**
 * The console's client pages (seed 000), rendered by their own functions: the search's blocks and columns, the
 * sheet's tabs as links, the "Appli mobile" tab with every field of the seed and "Send by SMS" — and never the
 * activation code —, the devices with "Revoke", the notices after an action, and the prospect form's problems.
 */
import { describe, expect, it } from 'vitest';
import { clientFormOf, clientFormValues, emptyClientForm } from '../../shared/http/console-client-form.js';
import {
  CLIENT_TABS,
  clientTabOf,
  displayPhone,
  renderClientForm,
  renderClientNotFound,
  renderClientSearch,
  renderClientSheet,
  renderRevokeDevice,
} from '../../shared/web/console-clients-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';
import { consoleMessages } from '../../shared/web/messages/console.js';
import {
  CLIENT_ID,
  LONG_ADVISOR,
  LONG_DEVICE,
  LONG_REFERRER,
  longClientFile,
  longDevices,
  longSheetView,
  searchResults,
} from '../support/console-clients-views.js';

const frame = (locale: 'fr' | 'en', roles: ConsoleFrame['roles'] = ['Invitations.Send', 'Clients.Manage']) =>
  ({
    locale,
    professionalName: 'Tamer Mohamed-Nour',
    providerName: 'GFMS',
    roles,
    csrf: 'the-csrf-token',
    current: 'clients',
    here: '/api/console/clients',
  }) satisfies ConsoleFrame;

const text = (markup: string) =>
  markup
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('the client search page', () => {
  it('when a search finds clients and prospects, then they are in two blocks with their counts and the seed’s columns, each name a link to its sheet', () => {
    const markup = renderClientSearch(frame('fr'), {
      providerName: 'GFMS',
      q: 'pierre',
      outcome: { kind: 'results', items: searchResults(), truncated: false, limit: 50 },
    }).value;
    expect(markup).toContain('<caption>Clients (1)</caption>');
    expect(markup).toContain('<caption>Prospects (3)</caption>');
    expect(markup.indexOf('Clients (1)')).toBeLessThan(markup.indexOf('Prospects (3)'));
    const headers = [...markup.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers.slice(0, 9)).toEqual([
      'Civilité',
      'Nom Prénom',
      'État',
      'Statut du client',
      'Mail',
      'Téléphone',
      'Adresse',
      'Code postal',
      'Ville',
    ]);
    expect(markup).toContain(
      '<a href="/api/console/clients/00000000-0000-4000-8000-000000000101?lang=fr">RIPOLION Pierre</a>',
    );
    expect(markup).toMatch(/data-label="Civilité">M\.<\/td>\s*<td data-label="Nom Prénom"><a [^>]*>VIRON Jean-Pierre</);
    expect(text(markup)).toContain('+33 6 29 30 34 34');
    expect(markup).toContain(`href="/api/console/clients/new?lang=fr"`);
    expect(text(markup)).toContain('Nouveau prospect');
    expect(markup).toMatch(/<input type="search" id="client-search" name="q" value="pierre"/);
    expect(markup).toContain('<label for="client-search">Nom, e-mail ou téléphone</label>');
  });

  it('when nothing matches, or the search is too short, then the page says so, in English too', () => {
    const none = renderClientSearch(frame('en'), {
      providerName: 'GFMS',
      q: 'zz<b>',
      outcome: { kind: 'results', items: [], truncated: false, limit: 50 },
    }).value;
    expect(none).toContain('No client or prospect matches “zz&lt;b&gt;”.');
    expect(none).not.toContain('<table');
    const short = renderClientSearch(frame('en'), {
      providerName: 'GFMS',
      q: 'p',
      outcome: { kind: 'too-short' },
    }).value;
    expect(short).toMatch(/<input type="search"[^>]*aria-invalid="true"/);
    expect(text(short)).toContain('Type a name or its beginning, a whole email address or a phone number');
    const first = renderClientSearch(frame('en'), { providerName: 'GFMS', q: '' }).value;
    expect(first).not.toMatch(/<input[^>]*aria-invalid/);
    expect(first).not.toContain('Search results');
    expect(first).toContain('>New prospect</a>');
  });

  it('when more matched than the page shows, then it says only the first ones are listed', () => {
    const markup = renderClientSearch(frame('en'), {
      providerName: 'GFMS',
      q: 'pierre',
      outcome: { kind: 'results', items: searchResults(), truncated: true, limit: 50 },
    }).value;
    expect(markup).toContain('Only the first 50 results are shown');
  });
});

describe('the client sheet', () => {
  it('when it is shown, then its four tabs are links to the sheet in the page’s language, the current one marked', () => {
    for (const tab of CLIENT_TABS) {
      const markup = renderClientSheet(frame('fr'), longSheetView({ tab })).value;
      const links = [...markup.matchAll(/<a href="([^"]+)" data-tab="(\w+)"( aria-current="page")?>([^<]+)<\/a>/g)];
      expect(links.map((l) => [l[1], l[4]])).toEqual([
        [`/api/console/clients/${CLIENT_ID}?tab=identity&amp;lang=fr`, 'Identité'],
        [`/api/console/clients/${CLIENT_ID}?tab=access&amp;lang=fr`, 'Accès'],
        [`/api/console/clients/${CLIENT_ID}?tab=invitations&amp;lang=fr`, 'Invitations'],
        [`/api/console/clients/${CLIENT_ID}?tab=app&amp;lang=fr`, 'Appli mobile'],
      ]);
      expect(links.filter((l) => l[3]).map((l) => l[2])).toEqual([tab]);
      expect(markup).toContain(`data-panel="${tab}"`);
    }
    expect(clientTabOf('app')).toBe('app');
    expect(clientTabOf('nope')).toBe('identity');
    expect(clientTabOf(null)).toBe('identity');
  });

  it('when the file has no identification code yet (the app was never offered), then the tab says how to get one, in both languages', () => {
    const { identificationCode: _none, ...file } = longSheetView().file;
    for (const [lang, words] of [
      ['fr', 'Aucun pour l’instant : proposez l’application à ce client pour lui en attribuer un.'],
      ['en', 'None yet: offer the app to this client to give them one.'],
    ] as const) {
      const markup = renderClientSheet(frame(lang), longSheetView({ tab: 'app', file })).value;
      expect(markup).not.toContain('data-identification-code>');
      expect(text(markup)).toContain(words);
    }
  });

  it('when the mobile app tab is shown, then every field of the seed is there, and “Envoyer par SMS” posts with the CSRF token', () => {
    const markup = renderClientSheet(frame('fr'), longSheetView({ tab: 'app' })).value;
    const words = text(markup);
    expect(words).toContain('Application mise à disposition Oui');
    expect(words).toContain(`Le conseiller en relation est ${LONG_ADVISOR}`);
    expect(words).toContain('L’application sera utilisable jusqu’au 24 septembre 2027');
    expect(words).toContain('Date première connexion 12 novembre 2026 à 17:08 (heure de Paris)');
    expect(markup).toContain('<span class="code" data-identification-code>K7M4Q9XZ</span>');
    expect(words).toContain('Émis le 30 novembre 2026 à 18:55 (heure de Paris) pour le +33 6 •• •• •• 34.');
    expect(words).toContain('Valable jusqu’au 30 novembre 2026 à 19:05 (heure de Paris).');
    expect(markup).toContain('data-delivery="delivered">remis<');
    expect(words).toContain('Portable +33 6 29 30 34 34');
    expect(words).toContain('Département 33 - GIRONDE');
    expect(words).toContain(`Parrain ${LONG_REFERRER}`);
    expect(markup).toMatch(
      new RegExp(
        `<form method="post" action="/api/console/clients/${CLIENT_ID}/send-sms\\?lang=fr">\\s*<input type="hidden" name="csrf" value="the-csrf-token">\\s*<input type="hidden" name="formToken" value="[0-9a-f-]{36}">\\s*<button type="submit" class="button"[^>]*>Envoyer par SMS</button>`,
      ),
    );
  });

  it('when any tab is shown, then neither the activation code’s HMAC nor its sealed copy is in the page', () => {
    for (const tab of CLIENT_TABS) {
      for (const locale of ['fr', 'en'] as const) {
        const markup = renderClientSheet(frame(locale), longSheetView({ tab })).value;
        expect(markup).not.toContain('HMAC-OF-THE-CODE');
        expect(markup).not.toContain('SEALED-CODE');
      }
    }
  });

  it('when the sheet is in English, then the tab is “Mobile app” and the button “Send by SMS” (API.md), and the nav name is “Clients”', () => {
    const markup = renderClientSheet(frame('en'), longSheetView({ tab: 'app' })).value;
    expect(markup).toContain('>Mobile app</a>');
    expect(markup).toMatch(/<button type="submit" class="button"[^>]*>Send by SMS<\/button>/);
    expect(consoleMessages.en.nav.clients).toBe('Clients');
    expect(consoleMessages.fr.nav.clients).toBe('Clients');
  });

  it('when the code expired, was used, or was spent, then the sheet says which; with no code sent, it says so', () => {
    const at = (activation: Partial<NonNullable<ReturnType<typeof longClientFile>['activation']>>) =>
      text(
        renderClientSheet(
          frame('en'),
          longSheetView({ file: longClientFile({ activation: { ...longClientFile().activation!, ...activation } }) }),
        ).value,
      );
    expect(at({ expiresAt: new Date('2026-11-30T17:59:00Z') })).toContain('Expired on 30 November 2026 at 18:59');
    expect(at({ usedAt: new Date('2026-11-30T17:58:00Z') })).toContain('Used on 30 November 2026 at 18:58');
    expect(at({ wrongTries: 5 })).toContain('Spent after 5 wrong tries.');
    expect(at({ sms: { ...longClientFile().activation!.sms, status: 'failed' } })).toContain('SMS: Not delivered');
    const none = text(
      renderClientSheet(frame('en'), longSheetView({ file: longClientFile({ activation: undefined }) })).value,
    );
    expect(none).toContain('No code sent yet.');
  });

  it('when devices were activated, then each shows its dates and a “Revoke” link to its confirmation; a revoked one says when instead', () => {
    const markup = renderClientSheet(frame('en'), longSheetView({ tab: 'app' })).value;
    const [active, revoked] = longDevices();
    expect(markup).toContain(
      `<a class="button secondary" href="/api/console/clients/${CLIENT_ID}/devices/${active!.id}/revoke?lang=en" aria-label="Revoke ${LONG_DEVICE}">Revoke</a>`,
    );
    expect(markup).not.toContain(`/devices/${revoked!.id}/revoke`);
    expect(text(markup)).toContain('Revoked on 1 November 2026 at 11:00 (Paris time)');
    const confirm = renderRevokeDevice(frame('en'), { file: longClientFile(), device: active! }).value;
    expect(confirm).toContain(
      `<form method="post" action="/api/console/clients/${CLIENT_ID}/devices/${active!.id}/revoke?lang=en"`,
    );
    expect(confirm).toContain('<input type="hidden" name="csrf" value="the-csrf-token">');
    expect(confirm).toContain('>Yes, revoke the device</button>');
    expect(confirm).toContain(`href="/api/console/clients/${CLIENT_ID}?tab=app&amp;lang=en">No, keep it</a>`);
  });

  it('when the password changed after a device was activated, then the sheet says it is signed out since, with nothing to revoke', () => {
    const [active] = longDevices();
    const changed = new Date('2026-11-20T09:00:00Z');
    const fr = renderClientSheet(frame('fr'), longSheetView({ tab: 'app', passwordChangedAt: changed })).value;
    expect(fr).toContain('data-signed-out');
    expect(text(fr)).toContain(
      'Déconnecté le 20 novembre 2026 à 10:00 (heure de Paris) : le mot de passe du compte a changé, l’application redemande les codes.',
    );
    expect(fr).not.toContain(`/devices/${active!.id}/revoke`);
    // Activated after the change: still active, still revocable.
    const before = new Date('2026-11-01T09:00:00Z');
    const en = renderClientSheet(frame('en'), longSheetView({ tab: 'app', passwordChangedAt: before })).value;
    expect(en).not.toContain('data-signed-out');
    expect(en).toContain(`/devices/${active!.id}/revoke`);
  });

  it('when the console does not offer sending by SMS or revoking, then the sheet has neither form nor link, and still lists the devices', () => {
    const markup = renderClientSheet(
      frame('en'),
      longSheetView({ tab: 'app', offers: { sendSms: false, revokeDevice: false } }),
    ).value;
    expect(markup).not.toContain('/send-sms');
    expect(markup).not.toContain('Send by SMS');
    expect(markup).not.toContain('/revoke');
    expect(text(markup)).toContain(LONG_DEVICE);
    expect(text(markup)).toContain('Revoked on 1 November 2026');
  });

  it('when an SMS was sent or refused, then the sheet says to which masked number, or why not and when to retry', () => {
    const sent = renderClientSheet(frame('en'), longSheetView({ notice: { kind: 'done', what: 'sms-sent' } })).value;
    expect(text(sent)).toContain(
      'A new activation code is on its way to +33 6 •• •• •• 34; it is valid until 30 November 2026 at 19:05 (Paris time).',
    );
    const limited = renderClientSheet(
      frame('fr'),
      longSheetView({ notice: { kind: 'refused', reason: 'rate-limited', retryAt: new Date('2026-11-30T18:01:00Z') } }),
    ).value;
    expect(limited).toContain('role="alert" data-refusal="rate-limited"');
    expect(text(limited)).toContain('Réessayez après le 30 novembre 2026 à 19:01 (heure de Paris).');
    for (const reason of [
      'no-phone',
      'phone-not-allowed',
      'not-offered',
      'try-again',
      'blocked',
      'merged',
      'provider-inactive',
    ] as const) {
      const refused = renderClientSheet(frame('en'), longSheetView({ notice: { kind: 'refused', reason } })).value;
      expect(text(refused), reason).toContain('No SMS sent:');
    }
  });

  it('when the client is a prospect without a phone, then the access tab says they cannot sign in yet, and the app tab says a number is needed', () => {
    const file = longClientFile({ status: 'prospect', phone: undefined });
    const access = text(
      renderClientSheet(frame('en'), longSheetView({ file, access: undefined, tab: 'access' })).value,
    );
    expect(access).toContain('A prospect cannot sign in yet');
    const app = renderClientSheet(frame('en'), longSheetView({ file, tab: 'app' })).value;
    expect(app).toContain('aria-describedby="send-explains send-no-phone">Send by SMS</button>');
    expect(text(app)).toContain('Add a mobile number to the sheet to send a code.');
  });

  it('when the mobile app is not offered (or past its end date), then the app tab has no “Send by SMS” button but says why and how', () => {
    for (const mobileApp of [{ offered: false }, { offered: true, usableUntil: '2020-01-31' }]) {
      const file = longClientFile({ mobileApp });
      const app = renderClientSheet(frame('en'), longSheetView({ file, tab: 'app' })).value;
      expect(app).not.toContain('/send-sms');
      expect(app).toContain('data-send-not-offered');
      expect(text(app)).toContain('The mobile app is not offered to this client, or its end date has passed');
      // The section's heading is not the fact's label: one “Activation code” on the tab.
      expect(text(app).match(/Activation code/g)).toHaveLength(1);
    }
  });

  it('when the client is blocked, then the access tab says since when, by whom and why; their companies are listed', () => {
    const words = text(
      renderClientSheet(
        frame('en'),
        longSheetView({
          tab: 'access',
          access: { status: 'blocked', since: new Date('2026-11-20T10:00:00Z'), by: 'Tamer', reason: 'Unpaid bills' },
        }),
      ).value,
    );
    expect(words).toContain('Access Blocked Since 20 November 2026 at 11:00 (Paris time) Reason Unpaid bills By Tamer');
    expect(words).toContain('Client of 2 organisations using this service.');
    expect(words).toContain(
      'Société-Nouvelle-de-Maintenance-Industrielle-et-Frigorifique-du-Grand-Est SARL (SIRET 73282932000075)',
    );
  });

  it('when the identity tab is shown, then it lists the sign-in, primary and other emails, the address and who created it', () => {
    const words = text(renderClientSheet(frame('fr'), longSheetView({ tab: 'identity' })).value);
    const file = longClientFile();
    expect(words).toContain(`E-mail de connexion ${file.emails.signIn}`);
    expect(words).toContain(`E-mail principal ${file.emails.primary}`);
    expect(words).toContain(`Autres e-mails ${file.emails.secondary[0]}`);
    expect(words).toContain(`13210 ${file.address!.city}`);
    expect(words).toContain('par une invitation acceptée');
    expect(words).toContain('Civilité Mme');
  });

  it('when the invitations tab is shown, then each invitation links to its console page, unless the professional lacks the role', () => {
    const withRole = renderClientSheet(frame('en'), longSheetView({ tab: 'invitations' })).value;
    expect(withRole).toContain('href="/api/console/invitations/00000000-0000-4000-8000-000000000001?lang=en"');
    expect(text(withRole)).toContain('Completed');
    const without = renderClientSheet(frame('en', ['Clients.Manage']), longSheetView({ tab: 'invitations' })).value;
    expect(without).not.toContain('/api/console/invitations/00000000');
  });

  it('when a value holds markup, then it is shown as text', () => {
    const file = longClientFile({ lastName: '<script>alert(1)</script>', referrer: '"><img src=x>' });
    for (const tab of CLIENT_TABS) {
      const markup = renderClientSheet(frame('en'), longSheetView({ file, tab })).value;
      expect(markup).not.toContain('<script>alert');
      expect(markup).not.toContain('<img src=x>');
    }
  });

  it('when the client is not the provider’s, then the 404 page says so and leads back to the search', () => {
    const markup = renderClientNotFound(frame('en')).value;
    expect(markup).toContain('<h1>Client not found</h1>');
    expect(markup).toContain('href="/api/console/clients?lang=en"');
  });
});

describe('the prospect form', () => {
  it('when it is first shown, then every control has its label, the app is not offered, and it posts with the CSRF token and a one-time token', () => {
    const markup = renderClientForm(frame('fr'), {
      values: emptyClientForm(),
      formToken: '00000000-0000-4000-8000-000000000000',
      providerName: 'GFMS',
    }).value;
    const ids = [...markup.matchAll(/<(?:input|select)[^>]* id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    for (const id of ids) expect(markup, id).toContain(`<label for="${id}">`);
    expect(markup).toContain('<form method="post" action="/api/console/clients/new?lang=fr" novalidate>');
    expect(markup).toContain('<input type="hidden" name="formToken" value="00000000-0000-4000-8000-000000000000">');
    expect(markup).toMatch(/value="no" checked>/);
    expect(markup).toContain('>Créer le prospect</button>');
  });

  it('when fields are wrong, then the summary links to each and each field says its problem, the values kept', () => {
    const values = { ...emptyClientForm(), lastName: 'Dupont', email: 'nope', usableUntil: '30/02' };
    const markup = renderClientForm(frame('en'), {
      values,
      problems: { firstName: 'required', email: 'invalid-email', usableUntil: 'invalid-date' },
      formToken: '00000000-0000-4000-8000-000000000000',
      providerName: 'GFMS',
    }).value;
    expect(markup).toContain('<a href="#client-firstName">First name: This field is required.</a>');
    expect(markup).toContain('<a href="#client-email">Email: Enter a valid email address');
    expect(markup).toMatch(/id="client-email" name="email" value="nope"[^>]* aria-invalid="true"/);
    expect(markup).toMatch(/id="client-usableUntil" name="usableUntil" value="30\/02"[^>]* aria-invalid="true"/);
    expect(markup).toMatch(/id="client-lastName" name="lastName" value="Dupont"(?![^>]*aria-invalid)[^>]*>/);
  });

  it('when the email is already a client’s, then the form says so with a link to that sheet', () => {
    const markup = renderClientForm(frame('en'), {
      values: emptyClientForm(),
      refusal: { kind: 'client-exists', clientId: CLIENT_ID },
      formToken: '00000000-0000-4000-8000-000000000000',
      providerName: 'GFMS',
    }).value;
    expect(markup).toContain('data-refusal="client-exists"');
    expect(markup).toContain(`<a href="/api/console/clients/${CLIENT_ID}?lang=en">Open their sheet</a>`);
  });

  it('when a sheet is edited, then the form holds its values and posts to its edit route', () => {
    const file = longClientFile();
    const values = clientFormOf(file);
    expect(values).toMatchObject({
      addressLine1: file.address!.line1,
      postalCode: '13210',
      city: file.address!.city,
      country: 'FR',
      civility: 'mrs',
      email: file.emails.primary,
      phone: '+33629303434',
      mobileAppOffered: 'yes',
      usableUntil: '2027-09-24',
    });
    const markup = renderClientForm(frame('en'), {
      editing: file,
      values,
      formToken: '00000000-0000-4000-8000-000000000000',
      providerName: 'GFMS',
    }).value;
    expect(markup).toContain(`action="/api/console/clients/${CLIENT_ID}/edit?lang=en"`);
    expect(markup).toMatch(/<option value="mrs" selected>Mrs<\/option>/);
    expect(markup).toContain(`id="client-city" name="city" value="${file.address!.city}"`);
    expect(markup).toContain('<input type="hidden" name="country" value="FR">');
    expect(markup).toMatch(/value="yes" checked>/);
    expect(markup).toContain('>Save</button>');
  });

  it('when a form is posted, then its values are read as typed, the app offered only for “yes”', () => {
    const values = clientFormValues(
      new URLSearchParams('firstName=Ana&lastName=Lopez&mobileAppOffered=maybe&phone=0612'),
    );
    expect(values).toMatchObject({
      firstName: 'Ana',
      lastName: 'Lopez',
      phone: '0612',
      mobileAppOffered: 'no',
      email: '',
    });
    expect(clientFormValues(new URLSearchParams('mobileAppOffered=yes')).mobileAppOffered).toBe('yes');
  });
});

describe('phone numbers on the pages', () => {
  it('when a number is French, then it is shown in pairs; another is shown as stored', () => {
    expect(displayPhone('+33629303434')).toBe('+33\u00a06\u00a029\u00a030\u00a034\u00a034');
    expect(displayPhone('+3225123456')).toBe('+3225123456');
  });
});
