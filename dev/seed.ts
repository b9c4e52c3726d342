/**
 * The providers of the local stack, registered at every start through the same code as `npm run provider -- add`
 * (`registerProvider`): GFMS (its whole workforce tenant acts for it: the dev professional and the field-service
 * app; client code GFMS) and Agence Horizon (its own back-office app; seed 003's link
 * `?client=HORIZON&societe=HZ-PARIS`), so that two providers exist to keep apart.
 */
import { TableClient } from '@azure/data-tables';
import { registerProvider } from '../shared/adapters/table/provider-directory.js';
import { tableFactory } from '../shared/adapters/table/tables.js';
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
      supportEmail: 'support@gfms.example',
      portalUrl: 'https://myrconnect.gfms.example',
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
