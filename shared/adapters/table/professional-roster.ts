/**
 * The professionals who signed in to the console, per provider (docs/two-step-help.md), in the `Providers` table:
 * partition `professionals|<provider id>` (a provider id is `[a-z0-9-]`, never free text), row
 * `<hashedKey(tenant|oid)>` — no name or address goes into a key. Each sign-in upserts the row (`Replace`): the
 * latest name, address and whether they hold `Clients.Manage`. A provider's professionals are one partition query.
 */
import { DEFAULT_LOCALE, isLocale } from '../../domain/locale.js';
import type { KnownProfessional, ProfessionalRoster } from '../../domain/ports.js';
import { hashedKey } from './keys.js';
import { odata } from './odata.js';
import { storage, type TableFactory } from './tables.js';

const partitionOf = (providerId: string) => `professionals|${providerId}`;

interface Row {
  TenantId: string;
  Oid: string;
  Name: string;
  Email?: string;
  Manages: boolean;
  Locale?: string;
  SeenAt: Date | string;
}

export function tableProfessionalRoster(tables: TableFactory): ProfessionalRoster {
  const table = () => tables('Providers');
  return {
    record: (providerId, p) =>
      storage(async () => {
        await (await table()).upsertEntity(
          {
            partitionKey: partitionOf(providerId),
            rowKey: hashedKey(`${p.tenantId}|${p.oid}`),
            TenantId: p.tenantId,
            Oid: p.oid,
            Name: p.name,
            ...(p.email ? { Email: p.email } : {}),
            Manages: p.manages,
            Locale: p.locale,
            SeenAt: p.seenAt,
          },
          'Replace',
        );
      }),
    list: (providerId) =>
      storage(async () => {
        const rows = (await table()).listEntities<Row>({
          queryOptions: { filter: odata`PartitionKey eq ${partitionOf(providerId)}` },
        });
        const out: KnownProfessional[] = [];
        for await (const row of rows) {
          out.push({
            tenantId: row.TenantId,
            oid: row.Oid,
            name: row.Name,
            ...(row.Email ? { email: row.Email } : {}),
            manages: row.Manages === true,
            locale: isLocale(row.Locale) ? row.Locale : DEFAULT_LOCALE,
            seenAt: new Date(row.SeenAt),
          });
        }
        return out;
      }),
  };
}
