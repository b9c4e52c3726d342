/**
 * The console's client pages rendered with long values (long names, emails and addresses, a client with every field
 * of seed 000's "Appli mobile" tab, devices, an SMS refused for its limit, every form problem), for the unit tests
 * and the browser checks that load pages with `setContent`: axe (`test/e2e/web-pages-a11y.test.ts`) and narrow screens
 * (`test/e2e/narrow-screens.test.ts`).
 */
import type { ClientFile, ClientSummary, Device } from '../../shared/domain/client-file.js';
import { createInvitation } from '../../shared/domain/invitation.js';
import { emptyClientForm } from '../../shared/http/console-client-form.js';
import {
  CLIENT_TABS,
  type ClientSheetView,
  renderClientForm,
  renderClientNotFound,
  renderClientSearch,
  renderClientSheet,
  renderRevokeDevice,
} from '../../shared/web/console-clients-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';

export const LONG_FIRST_NAME = 'Marie-Amélie-Françoise-Bénédicte';
export const LONG_LAST_NAME = 'de La Fontaine-Beaumarchais-Villeneuve-Saint-Georges';
export const LONG_EMAIL = 'marie-amelie.de-la-fontaine-beaumarchais@services-techniques-internationaux.example';
export const LONG_LINE1 = '12 rue du Général-de-Gaulle-et-de-la-Libération-Nationale-Bâtiment-B-Escalier-C';
export const LONG_CITY = 'Saint-Rémy-de-Provence-sur-Durance-la-Grande';
export const LONG_ADVISOR = 'Jean-Baptiste-Emmanuel Delacroix-Montmorency-Laval';
export const LONG_REFERRER = 'Établissements-Durand-Dupont-Lefebvre-Chauffage-Climatisation';
export const LONG_DEVICE = 'iPhone-de-Marie-Amélie-Françoise-Bénédicte-de-La-Fontaine';
export const COMPANY = 'Société-Nouvelle-de-Maintenance-Industrielle-et-Frigorifique-du-Grand-Est SARL';
/** The invitation the client accepted. */
export const INVITATION = createInvitation(
  {
    email: LONG_EMAIL,
    firstName: LONG_FIRST_NAME,
    lastName: LONG_LAST_NAME,
    locale: 'fr',
    expiresInDays: 7,
    sendEmail: true,
  },
  {
    id: '00000000-0000-4000-8000-000000000001',
    providerId: 'gfms',
    invitedBy: { name: LONG_ADVISOR, oid: 'oid' },
    keyHash: 'hash',
    now: new Date('2026-10-01T08:00:00Z'),
  },
);
export const NOW = new Date('2026-11-30T18:00:00Z');
export const CLIENT_ID = '00000000-0000-4000-8000-0000000000c1';

/** A client with every field of the seed's sheet, an activation code sent (its HMAC only, as stored) and devices. */
export function longClientFile(overrides: Partial<ClientFile> = {}): ClientFile {
  return {
    id: CLIENT_ID,
    providerId: 'gfms',
    status: 'client',
    civility: 'mrs',
    firstName: LONG_FIRST_NAME,
    lastName: LONG_LAST_NAME,
    emails: {
      signIn: LONG_EMAIL,
      primary: `contact.${LONG_EMAIL}`,
      secondary: [`factures.${LONG_EMAIL}`],
    },
    phone: '+33629303434',
    address: { line1: LONG_LINE1, postalCode: '13210', city: LONG_CITY, country: 'FR' },
    department: '33 - GIRONDE',
    referrer: LONG_REFERRER,
    advisor: LONG_ADVISOR,
    locale: 'fr',
    mobileApp: { offered: true, usableUntil: '2027-09-24' },
    identificationCode: 'K7M4Q9XZ',
    accountKey: 'tid|oid',
    firstSignInAt: new Date('2026-11-02T09:00:00Z'),
    appFirstConnectionAt: new Date('2026-11-12T16:08:00Z'),
    activation: {
      hash: 'HMAC-OF-THE-CODE-base64url',
      issuedAt: new Date('2026-11-30T17:55:00Z'),
      expiresAt: new Date('2026-11-30T18:05:00Z'),
      wrongTries: 0,
      requestedBy: 'oid',
      sealedCode: 'SEALED-CODE-never-shown',
      sms: {
        id: '00000000-0000-4000-8000-00000000005a',
        sentTo: '+33 6 •• •• •• 34',
        status: 'delivered',
        at: new Date('2026-11-30T17:55:10Z'),
        attempts: 1,
      },
    },
    activationFailures: { recent: [] },
    createdAt: new Date('2026-10-01T08:00:00Z'),
    createdBy: 'invitation',
    updatedAt: NOW,
    ...overrides,
  };
}

export const longDevices = (): Device[] => [
  {
    id: '00000000-0000-4000-8000-0000000000d1',
    activatedAt: new Date('2026-11-12T16:08:00Z'),
    lastSeenAt: new Date('2026-11-30T07:30:00Z'),
    appVersion: '2.14.0',
    label: LONG_DEVICE,
  },
  {
    id: '00000000-0000-4000-8000-0000000000d2',
    activatedAt: new Date('2026-10-12T16:08:00Z'),
    lastSeenAt: new Date('2026-10-30T07:30:00Z'),
    revokedAt: new Date('2026-11-01T10:00:00Z'),
    revokedBy: 'oid',
  },
];

export function longSheetView(overrides: Partial<ClientSheetView> = {}): ClientSheetView {
  return {
    file: longClientFile(),
    devices: longDevices(),
    access: { status: 'active', since: new Date('2026-11-02T09:00:00Z') },
    providers: 2,
    companies: [
      {
        id: '00000000-0000-4000-8000-0000000000e1',
        providerId: 'gfms',
        invitationId: INVITATION.id,
        role: 'owner',
        company: { name: COMPANY, registrationNumber: '73282932000075' },
        createdAt: NOW,
      },
    ],
    invitations: [{ ...INVITATION, status: 'completed', acceptedAt: NOW, completedAt: NOW }],
    tab: 'app',
    now: NOW,
    formToken: '00000000-0000-4000-8000-000000000000',
    offers: { sendSms: true, revokeDevice: true },
    ...overrides,
  };
}

/** Search results: seed 000's "Pierre" prospects, and a client with long values. */
export function searchResults(): ClientSummary[] {
  const prospect = (id: string, lastName: string, firstName = 'Pierre'): ClientSummary => ({
    id: `00000000-0000-4000-8000-0000000001${id}`,
    status: 'prospect',
    firstName,
    lastName,
    state: 'prospect',
  });
  return [
    {
      id: CLIENT_ID,
      status: 'client',
      civility: 'mrs',
      firstName: LONG_FIRST_NAME,
      lastName: LONG_LAST_NAME,
      email: LONG_EMAIL,
      phone: '+33629303434',
      state: 'active',
      address: { line1: LONG_LINE1, postalCode: '13210', city: LONG_CITY },
    },
    prospect('01', 'Ripolion'),
    prospect('02', 'Dujin'),
    { ...prospect('03', 'Viron', 'Jean-Pierre'), civility: 'mr' },
  ];
}

/** The client pages in a frame: [name, markup, the long values each must show whole]. */
export function consoleClientPages(
  frame: Omit<ConsoleFrame, 'current' | 'here'>,
  names: { provider: string },
): Array<{ name: string; markup: string; mustFit: string[] }> {
  const f: ConsoleFrame = { ...frame, current: 'clients', here: '/api/console/clients' };
  const formToken = '00000000-0000-4000-8000-000000000000';
  const wrong = {
    ...emptyClientForm(),
    lastName: LONG_LAST_NAME,
    email: 'not-an-email',
    phone: '12',
    usableUntil: '30/02/2027',
    mobileAppOffered: 'yes',
  };
  return [
    {
      name: 'console clients search',
      markup: renderClientSearch(f, { providerName: names.provider, q: '' }).value,
      mustFit: [names.provider],
    },
    {
      name: 'console clients search (results)',
      markup: renderClientSearch(f, {
        providerName: names.provider,
        q: 'pierre',
        outcome: { kind: 'results', items: searchResults(), truncated: true, limit: 50 },
      }).value,
      mustFit: [LONG_EMAIL, LONG_CITY],
    },
    {
      name: 'console clients search (none, too short)',
      markup: renderClientSearch(f, { providerName: names.provider, q: 'p', outcome: { kind: 'too-short' } }).value,
      mustFit: [],
    },
    {
      name: 'console clients search (no result)',
      markup: renderClientSearch(f, {
        providerName: names.provider,
        q: LONG_LAST_NAME,
        outcome: { kind: 'results', items: [], truncated: false, limit: 50 },
      }).value,
      mustFit: [],
    },
    {
      name: 'console new prospect',
      markup: renderClientForm(f, { values: emptyClientForm(), formToken, providerName: names.provider }).value,
      mustFit: [names.provider],
    },
    {
      name: 'console new prospect (problems, client exists)',
      markup: renderClientForm(f, {
        values: wrong,
        problems: {
          firstName: 'required',
          email: 'invalid-email',
          phone: 'invalid-phone',
          usableUntil: 'invalid-date',
        },
        refusal: { kind: 'client-exists', clientId: CLIENT_ID },
        formToken,
        providerName: names.provider,
      }).value,
      mustFit: [],
    },
    {
      name: 'console client edit',
      markup: renderClientForm(f, {
        editing: longClientFile(),
        values: { ...emptyClientForm(), firstName: LONG_FIRST_NAME, lastName: LONG_LAST_NAME, email: LONG_EMAIL },
        refusal: { kind: 'try-again' },
        formToken,
        providerName: names.provider,
      }).value,
      mustFit: [],
    },
    ...CLIENT_TABS.map((tab) => ({
      name: `console client sheet (${tab})`,
      markup: renderClientSheet(f, longSheetView({ tab, notice: { kind: 'done', what: 'sms-sent' } })).value,
      mustFit: {
        identity: [LONG_LAST_NAME, LONG_EMAIL, LONG_LINE1, LONG_CITY, LONG_REFERRER],
        access: [COMPANY],
        invitations: [LONG_EMAIL],
        app: [LONG_ADVISOR, LONG_REFERRER, LONG_DEVICE],
      }[tab],
    })),
    {
      name: 'console client sheet (prospect, SMS refused)',
      markup: renderClientSheet(
        f,
        longSheetView({
          file: longClientFile({
            status: 'prospect',
            activation: undefined,
            appFirstConnectionAt: undefined,
            activationFailures: { recent: [], lockedAt: NOW },
          }),
          devices: [],
          access: undefined,
          notice: { kind: 'refused', reason: 'rate-limited', retryAt: new Date('2026-11-30T18:01:00Z') },
        }),
      ).value,
      mustFit: [],
    },
    {
      name: 'console client revoke device',
      markup: renderRevokeDevice(f, { file: longClientFile(), device: longDevices()[0]! }).value,
      mustFit: [],
    },
    { name: 'console client not found', markup: renderClientNotFound(f).value, mustFit: [] },
  ];
}
