/**
 * The providers of the local stack, registered at every start through the same code as `npm run provider -- add`
 * (`registerProvider`): GFMS (its whole workforce tenant acts for it: the dev professional and the field-service
 * app; client code GFMS) and Agence Horizon (its own back-office app; seed 003's link
 * `?client=HORIZON&societe=HZ-PARIS`), so that two providers exist to keep apart. `npm start` also seeds a few
 * client files for GFMS (`seedClientFiles`).
 */
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { createClientCodes } from '../shared/adapters/client-codes.js';
import { tableClientFileStore } from '../shared/adapters/table/client-file-store.js';
import { registerProvider } from '../shared/adapters/table/provider-directory.js';
import { tableFactory } from '../shared/adapters/table/tables.js';
import type { ClientFile } from '../shared/domain/client-file.js';
import type { LocalIdentities } from './identities.js';

export const GFMS_PROVIDER_ID = 'gfms';
export const HORIZON_PROVIDER_ID = 'agence-horizon';
export const GFMS_CODES = { client: 'GFMS' };
export const HORIZON_CODES = { client: 'HORIZON', company: 'HZ-PARIS' };

export async function seedProviders(storageConnectionString: string, ids: LocalIdentities): Promise<void> {
  const tables = tableFactory((name) =>
    TableClient.fromConnectionString(storageConnectionString, name, { allowInsecureConnection: true }),
  );
  // `replace`: data kept from an earlier start is brought up to date, the codes and grants it holds stay.
  await registerProvider(
    tables,
    {
      id: GFMS_PROVIDER_ID,
      name: 'GFMS',
      platformName: 'My rConnect',
      platformDescription:
        'My rConnect is a platform which helps you to boost your service processes and assets to the next level.',
      platformDescriptions: {
        fr: 'My rConnect est une plateforme qui vous aide à faire passer vos processus de service et vos équipements au niveau supérieur.',
      },
      supportEmail: 'support@gfms.example',
      portalUrl: 'https://myrconnect.gfms.example',
      documentationUrl: 'https://docs.gfms.example/my-rconnect',
      agencyCodes: GFMS_CODES,
      status: 'active',
    },
    [{ tenantId: ids.workforceTenantId, subject: 'tenant' }],
    { replace: true },
  );
  await registerProvider(
    tables,
    {
      id: HORIZON_PROVIDER_ID,
      name: 'Agence Horizon',
      platformName: 'Extranet Horizon',
      platformDescription: 'Votre espace propriétaire, locataire, copropriétaire.',
      platformDescriptions: { en: 'Your space as an owner, tenant or co-owner.' },
      supportEmail: 'contact@horizon.example',
      portalUrl: 'https://extranet.horizon.example',
      agencyCodes: HORIZON_CODES,
      status: 'active',
    },
    [
      { tenantId: ids.workforceTenantId, subject: `app:${ids.otherProviderClient.clientId}` },
      { tenantId: ids.workforceTenantId, subject: `user:${ids.otherProviderUser.id}` },
    ],
    { replace: true },
  );
}

/** The seeded client files: fixed ids, so a restart finds them and writes nothing. */
const SEED_NOW = new Date('2026-01-05T09:00:00.000Z');
const SEED_CLIENTS: Array<
  Omit<
    ClientFile,
    'providerId' | 'identificationCode' | 'locale' | 'activationFailures' | 'createdAt' | 'createdBy' | 'updatedAt'
  >
> = [
  {
    id: '5eed0000-0000-4000-8000-000000000001',
    status: 'prospect',
    civility: 'mrs',
    firstName: 'Claire',
    lastName: 'Dupont',
    emails: { primary: 'claire.dupont@example.fr', secondary: [] },
    phone: '+33629303434',
    department: '33 - Gironde',
    referrer: 'The invisible man',
    advisor: 'Paul Durand',
    mobileApp: { offered: true, usableUntil: '2027-09-24' },
    address: { line1: '12 cours de l’Intendance', postalCode: '33000', city: 'Bordeaux', country: 'FR' },
  },
  {
    id: '5eed0000-0000-4000-8000-000000000002',
    status: 'prospect',
    civility: 'mrs',
    firstName: 'Élodie',
    lastName: 'Lefèvre',
    emails: { primary: 'elodie.lefevre@example.fr', secondary: [] },
    phone: '+33698765412',
    advisor: 'Paul Durand',
    mobileApp: { offered: false },
  },
  {
    id: '5eed0000-0000-4000-8000-000000000003',
    status: 'prospect',
    civility: 'mr',
    firstName: 'Jean-Pierre',
    lastName: 'Viron',
    emails: { secondary: [] },
    phone: '+33611223344',
    mobileApp: { offered: false },
  },
  {
    id: '5eed0000-0000-4000-8000-000000000004',
    status: 'prospect',
    firstName: 'Pierre',
    lastName: 'Ripolion',
    emails: { secondary: [] },
    mobileApp: { offered: false },
  },
  {
    id: '5eed0000-0000-4000-8000-000000000005',
    status: 'prospect',
    civility: 'mrs',
    firstName: 'Hélène',
    lastName: 'Dupuis-Martin',
    emails: { primary: 'helene.dupuis@example.fr', secondary: ['h.martin@example.fr'] },
    phone: '+33756781234',
    department: '75 - Paris',
    mobileApp: { offered: true },
    address: { line1: '8 rue de Rivoli', postalCode: '75004', city: 'Paris', country: 'FR' },
  },
  {
    // A client: signed in once (the local client tenant holds no account for it, so its sheet shows no access).
    id: '5eed0000-0000-4000-8000-000000000006',
    status: 'client',
    civility: 'mr',
    firstName: 'François',
    lastName: 'Müller',
    emails: { signIn: 'francois.muller@example.fr', primary: 'francois.muller@example.fr', secondary: [] },
    phone: '+33645454545',
    firstSignInAt: SEED_NOW,
    mobileApp: { offered: true, usableUntil: '2027-12-31' },
  },
];

/**
 * A few client files for the dev professional's provider (GFMS), so the search and the sheet have something to show
 * (`npm start` only: the test stacks start empty). Idempotent: a file already there is left as it is.
 */
export async function seedClientFiles(storageConnectionString: string): Promise<void> {
  const tables = tableFactory((name) =>
    TableClient.fromConnectionString(storageConnectionString, name, { allowInsecureConnection: true }),
  );
  const files = tableClientFileStore(tables);
  const codes = createClientCodes([randomBytes(32).toString('base64')]);
  for (const seed of SEED_CLIENTS) {
    if (await files.get(GFMS_PROVIDER_ID, seed.id)) continue;
    // As the clients' use cases: a file gets its identification code when the mobile app is offered on it.
    let identificationCode: string | undefined;
    if (seed.mobileApp.offered) {
      identificationCode = codes.newIdentificationCode();
      while (!(await files.claimIdentificationCode(identificationCode, GFMS_PROVIDER_ID, seed.id))) {
        identificationCode = codes.newIdentificationCode();
      }
    }
    await files.create({
      ...seed,
      providerId: GFMS_PROVIDER_ID,
      ...(identificationCode ? { identificationCode } : {}),
      locale: 'fr',
      activationFailures: { recent: [] },
      createdAt: SEED_NOW,
      createdBy: 'seed',
      updatedAt: SEED_NOW,
    });
  }
}
